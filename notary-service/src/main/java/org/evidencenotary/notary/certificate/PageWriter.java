package org.evidencenotary.notary.certificate;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * Writes A4 pages top to bottom: headings, label/value rows, checks, wrapped paragraphs, a new
 * page when the current one is full, and on {@link #close()} a footer with "Page X of Y" on every
 * page. Blocks that belong together (a heading and its first row, one check, a short paragraph)
 * are never split across pages. Text is set in the embedded {@link CertificateFonts}; a character
 * they have no glyph for is shown as '?'.
 */
final class PageWriter implements AutoCloseable {
  static final float MARGIN = 56;
  static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
  static final float LABEL_WIDTH = 152;
  /** Lowest baseline for body text: the footer sits below it. */
  private static final float BOTTOM = MARGIN + 12;
  private static final float RESULT_WIDTH = 64;
  static final Color GREY = new Color(0x55, 0x55, 0x55);
  final PDFont regular;
  final PDFont bold;
  final PDFont mono;
  private final PDDocument document;
  private final String footer;
  private final List<PDPage> pages = new ArrayList<>();
  private final Map<PDFont, Map<Integer, Boolean>> glyphs = new HashMap<>();
  private PDPageContentStream content;
  private PDPage page;
  float y;

  PageWriter(PDDocument document, CertificateFonts fonts, String footer) throws IOException {
    this.document = document;
    this.regular = fonts.regular();
    this.bold = fonts.bold();
    this.mono = fonts.mono();
    this.footer = footer;
    newPage();
  }

  PDPage page() {
    return page;
  }

  PDPageContentStream content() {
    return content;
  }

  void newPage() throws IOException {
    if (content != null) {
      content.close();
    }
    page = new PDPage(PDRectangle.A4);
    document.addPage(page);
    pages.add(page);
    content = new PDPageContentStream(document, page);
    y = PDRectangle.A4.getHeight() - MARGIN;
  }

  /** A new page unless {@code height} more points fit on this one. */
  void ensure(float height) throws IOException {
    if (y - height < BOTTOM) {
      newPage();
    }
  }

  void title(String text, String subtitle) throws IOException {
    text(bold, 17, MARGIN, y - 17, text);
    y -= 33;
    text(regular, 10, MARGIN, y, subtitle);
    y -= 6;
    rule();
  }

  void heading(String text) throws IOException {
    // Room for the heading and two rows after it: a heading never ends a page alone.
    ensure(20 + 12 + 2 * 13);
    y -= 20;
    text(bold, 11.5f, MARGIN, y, text);
    y -= 5;
    rule();
  }

  void field(String label, String value) throws IOException {
    field(label, value, false);
  }

  void field(String label, String value, boolean monospace) throws IOException {
    field(label, value, monospace, null);
  }

  /**
   * A label and its value; {@code note}, when given, in small grey type under the value (the ISO
   * form of a date, where a value comes from).
   */
  void field(String label, String value, boolean monospace, String note) throws IOException {
    PDFont font = monospace ? mono : regular;
    float size = monospace ? 8.5f : 9.5f;
    float leading = 12;
    float valueWidth = WIDTH - LABEL_WIDTH;
    List<String> labels = wrap(label, bold, 9, LABEL_WIDTH - 6);
    List<String> lines = wrap(value == null ? "-" : value, font, size, valueWidth);
    List<String> notes = note == null ? List.of() : wrap(note, regular, 7.5f, valueWidth);
    float height = Math.max(labels.size(), lines.size()) * leading + notes.size() * 9.5f + 3;
    ensure(height);
    y -= leading;
    for (int i = 0; i < labels.size(); i++) {
      text(bold, 9, MARGIN, y - i * leading, labels.get(i));
    }
    for (int i = 0; i < lines.size(); i++) {
      text(font, size, MARGIN + LABEL_WIDTH, y - i * leading, lines.get(i));
    }
    float bottom = y - (lines.size() - 1) * leading;
    for (String line : notes) {
      bottom -= 9.5f;
      grey(regular, 7.5f, MARGIN + LABEL_WIDTH, bottom, line);
    }
    y = Math.min(bottom, y - (labels.size() - 1) * leading) - 3;
  }

  /**
   * One check made at issuance, kept on one page: its result in a narrow column, its name in bold
   * and the detail wrapped under the name.
   */
  void check(String result, String name, String detail) throws IOException {
    float x = MARGIN + RESULT_WIDTH;
    float width = WIDTH - RESULT_WIDTH;
    List<String> lines = wrap(detail == null ? "" : detail, regular, 8.5f, width);
    float leading = 10.5f;
    ensure(leading + 1 + lines.size() * leading + 4);
    y -= leading + 1;
    text(bold, 8.5f, MARGIN, y, result);
    text(bold, 9, x, y, name);
    for (String line : lines) {
      y -= leading;
      text(regular, 8.5f, x, y, line);
    }
    y -= 4;
  }

  /** A paragraph; one of up to ten lines moves whole to the next page rather than break. */
  void paragraph(String text, float size) throws IOException {
    paragraph(text, size, false);
  }

  /** The height {@link #paragraph(String, float)} takes, to keep a section together. */
  float paragraphHeight(String text, float size) throws IOException {
    return wrap(text, regular, size, WIDTH).size() * size * 1.35f + 5;
  }

  /** The height {@link #heading(String)} takes with its rule. */
  static float headingHeight() {
    return 20 + 5 + 7;
  }

  void paragraph(String text, float size, boolean small) throws IOException {
    List<String> lines = wrap(text, regular, size, WIDTH);
    float leading = size * 1.35f;
    if (lines.size() <= 10) {
      ensure(lines.size() * leading + 2);
    }
    for (String line : lines) {
      ensure(leading);
      y -= leading;
      if (small) {
        grey(regular, size, MARGIN, y, line);
      } else {
        text(regular, size, MARGIN, y, line);
      }
    }
    y -= 5;
  }

  void rule() throws IOException {
    y -= 5;
    content.setLineWidth(0.5f);
    content.moveTo(MARGIN, y);
    content.lineTo(MARGIN + WIDTH, y);
    content.stroke();
    y -= 2;
  }

  void text(PDFont font, float size, float x, float atY, String text) throws IOException {
    content.beginText();
    content.setFont(font, size);
    content.newLineAtOffset(x, atY);
    content.showText(printable(font, text));
    content.endText();
  }

  void grey(PDFont font, float size, float x, float atY, String text) throws IOException {
    content.setNonStrokingColor(GREY);
    text(font, size, x, atY, text);
    content.setNonStrokingColor(Color.BLACK);
  }

  /**
   * Breaks {@code text} into lines no wider than {@code width}; long words are cut, addresses after
   * a '/', hashes anywhere.
   */
  List<String> wrap(String text, PDFont font, float size, float width) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : printable(font, text).split(" ")) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (width(font, size, candidate) <= width) {
        line.setLength(0);
        line.append(candidate);
        continue;
      }
      if (line.length() > 0) {
        lines.add(line.toString());
        line.setLength(0);
      }
      while (width(font, size, word) > width) {
        int cut = word.length();
        while (cut > 1 && width(font, size, word.substring(0, cut)) > width) {
          cut--;
        }
        // An address breaks after a '/' where it can, not inside an id.
        int slash = word.lastIndexOf('/', cut - 1);
        if (slash > 0 && slash + 1 < cut) {
          cut = slash + 1;
        }
        lines.add(word.substring(0, cut));
        word = word.substring(cut);
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines.isEmpty() ? List.of("") : lines;
  }

  static float width(PDFont font, float size, String s) throws IOException {
    return font.getStringWidth(s) / 1000 * size;
  }

  /** {@code text} with control characters as spaces and characters {@code font} cannot show as '?'. */
  String printable(PDFont font, String text) {
    Map<Integer, Boolean> known = glyphs.computeIfAbsent(font, f -> new HashMap<>());
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || Character.isWhitespace(c)) {
        out.append(' ');
      } else if (known.computeIfAbsent(c, cp -> canShow(font, cp))) {
        out.appendCodePoint(c);
      } else {
        out.append('?');
      }
    });
    return out.toString();
  }

  private static boolean canShow(PDFont font, int codePoint) {
    try {
      font.encode(new String(Character.toChars(codePoint)));
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Ends the last page and puts the footer, with "Page X of Y", on every page. */
  @Override
  public void close() throws IOException {
    content.close();
    int total = pages.size();
    for (int i = 0; i < total; i++) {
      try (PDPageContentStream footerContent =
          new PDPageContentStream(document, pages.get(i), PDPageContentStream.AppendMode.APPEND, true, true)) {
        content = footerContent;
        content.setLineWidth(0.4f);
        content.setStrokingColor(GREY);
        content.moveTo(MARGIN, MARGIN - 6);
        content.lineTo(MARGIN + WIDTH, MARGIN - 6);
        content.stroke();
        grey(regular, 7.5f, MARGIN, MARGIN - 17, footer);
        String number = "Page " + (i + 1) + " of " + total;
        grey(regular, 7.5f, MARGIN + WIDTH - width(regular, 7.5f, number), MARGIN - 17, number);
      }
    }
  }
}
