package org.evidencenotary.notary.certificate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The certificate's three fonts, DejaVu Sans, Sans Bold and Sans Mono (Debian's
 * fonts-dejavu-core), embedded in the PDF as subsets so that every reader shows the same glyphs.
 * There is no fallback: a certificate in fonts the reader substitutes is not issued.
 */
record CertificateFonts(PDFont regular, PDFont bold, PDFont mono) {
  static final String REGULAR = "DejaVuSans.ttf";
  static final String BOLD = "DejaVuSans-Bold.ttf";
  static final String MONO = "DejaVuSansMono.ttf";

  /**
   * Loads the fonts from {@code directory} into {@code document}.
   *
   * @throws MissingFontException when a font file is not there
   */
  static CertificateFonts load(PDDocument document, Path directory) throws IOException {
    return new CertificateFonts(font(document, directory, REGULAR), font(document, directory, BOLD),
        font(document, directory, MONO));
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

  private static PDFont font(PDDocument document, Path directory, String name) throws IOException {
    Path file = directory.resolve(name);
    if (!Files.isReadable(file)) {
      throw new MissingFontException(file);
    }
    return PDType0Font.load(document, file.toFile());
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
