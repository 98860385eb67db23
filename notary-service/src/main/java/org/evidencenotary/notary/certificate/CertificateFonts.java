package org.evidencenotary.notary.certificate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The certificate's three fonts, DejaVu Sans, Sans Bold and Sans Mono (Debian's
 * fonts-dejavu-core), embedded in the PDF as subsets so that every reader shows the same glyphs.
 * There is no fallback: a certificate in fonts the reader substitutes is not issued.
 *
 * <p>Glyph substitution (GSUB) is off: PDFBox would otherwise set "fi" as the ligature glyph, and
 * text copied or searched in the PDF would read "U+FB01" instead of "fi" in most readers.
 *
 * <p>Close it after the document is saved: the subsets are made from the open font files.
 */
final class CertificateFonts implements AutoCloseable {
  static final String REGULAR = "DejaVuSans.ttf";
  static final String BOLD = "DejaVuSans-Bold.ttf";
  static final String MONO = "DejaVuSansMono.ttf";
  private final List<TrueTypeFont> open = new ArrayList<>();
  private PDFont regular;
  private PDFont bold;
  private PDFont mono;

  private CertificateFonts() {}

  /**
   * Loads the fonts from {@code directory} into {@code document}.
   *
   * @throws MissingFontException when a font file is not there
   */
  static CertificateFonts load(PDDocument document, Path directory) throws IOException {
    Path missing = missing(directory);
    if (missing != null) {
      throw new MissingFontException(missing);
    }
    CertificateFonts fonts = new CertificateFonts();
    try {
      fonts.regular = fonts.font(document, directory.resolve(REGULAR));
      fonts.bold = fonts.font(document, directory.resolve(BOLD));
      fonts.mono = fonts.font(document, directory.resolve(MONO));
      return fonts;
    } catch (IOException | RuntimeException e) {
      fonts.close();
      throw e;
    }
  }

  PDFont regular() {
    return regular;
  }

  PDFont bold() {
    return bold;
  }

  PDFont mono() {
    return mono;
  }

  /** The first font file missing from {@code directory}, or null when all are there. */
  static Path missing(Path directory) {
    for (String name : new String[] {REGULAR, BOLD, MONO}) {
      if (!Files.isReadable(directory.resolve(name))) {
        return directory.resolve(name);
      }
    }
    return null;
  }

  private PDFont font(PDDocument document, Path file) throws IOException {
    TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()));
    open.add(ttf);
    ttf.setEnableGsub(false);
    return PDType0Font.load(document, ttf, true);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (TrueTypeFont ttf : open) {
      try {
        ttf.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }

  /** A font the certificate embeds is not installed; no certificate can be made. */
  static final class MissingFontException extends IOException {
    private static final long serialVersionUID = 1L;

    MissingFontException(Path file) {
      super("the certificate font " + file + " is missing: install Debian's fonts-dejavu-core (./notary run and"
          + " ./notary test do) or set notary.certificate.font-directory to a folder with " + REGULAR + ", "
          + BOLD + " and " + MONO);
    }
  }
}
