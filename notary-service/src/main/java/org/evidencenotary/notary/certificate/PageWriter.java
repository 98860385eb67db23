package org.evidencenotary.notary.certificate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Writes A4 pages top to bottom: headings, label/value rows, wrapped paragraphs, a new page when
 * the current one is full. Text is limited to what the standard PDF fonts can show (Latin-1);
 * anything else is replaced by '?', so no font needs to be embedded.
 */
final class PageWriter implements AutoCloseable {
  static final float MARGIN = 56;
  static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
  static final float LABEL_WIDTH = 150;
  final PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
  final PDFont mono = new PDType1Font(Standard14Fonts.FontName.COURIER);
  private final PDDocument document;
  private final String footer;
  private PDPageContentStream content;
  private PDPage page;
  private int pageNumber;
  float y;

  PageWriter(PDDocument document, String footer) throws IOException {
    this.document = document;
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
      close();
    }
    page = new PDPage(PDRectangle.A4);
    document.addPage(page);
    content = new PDPageContentStream(document, page);
    pageNumber++;
    y = PDRectangle.A4.getHeight() - MARGIN;
    text(regular, 8, MARGIN, 28, footer + "   Page " + pageNumber);
  }

  void ensure(float height) throws IOException {
    if (y - height < MARGIN + 20) {
      newPage();
    }
  }

  void title(String text, String subtitle) throws IOException {
    text(bold, 18, MARGIN, y - 18, text);
    y -= 34;
    text(regular, 10, MARGIN, y, subtitle);
    y -= 10;
    rule();
  }

  void heading(String text) throws IOException {
    // Room for the heading and a two-line row after it: a heading never ends a page alone.
    ensure(60);
    y -= 24;
    text(bold, 11, MARGIN, y, text);
    y -= 6;
    rule();
  }

  void field(String label, String value) throws IOException {
    field(label, value, false);
  }

  void field(String label, String value, boolean monospace) throws IOException {
    row(label, value, monospace ? mono : regular, monospace ? 8.5f : 9.5f, 12);
  }

  /**
   * One check made at issuance, full width in small print: {@code prefix} (result and name) in bold,
   * then the detail on the same line and under it.
   */
  void check(String prefix, String detail) throws IOException {
    float size = 7f;
    float leading = 8.5f;
    float indent = width(bold, size, prefix + " ");
    List<String> lines = wrap(detail == null ? "" : detail, regular, size, WIDTH - indent, WIDTH);
    ensure(lines.size() * leading + 3);
    y -= leading + 2;
    text(bold, size, MARGIN, y, prefix);
    text(regular, size, MARGIN + indent, y, lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      y -= leading;
      text(regular, size, MARGIN, y, lines.get(i));
    }
  }

  private void row(String label, String value, PDFont font, float size, float leading) throws IOException {
    List<String> lines = wrap(value == null ? "-" : value, font, size, WIDTH - LABEL_WIDTH);
    ensure(lines.size() * leading + 4);
    y -= 12;
    text(bold, 9, MARGIN, y, label);
    for (int i = 0; i < lines.size(); i++) {
      text(font, size, MARGIN + LABEL_WIDTH, y - i * leading, lines.get(i));
    }
    y -= (lines.size() - 1) * leading;
  }

  void paragraph(String text, float size) throws IOException {
    for (String line : wrap(text, regular, size, WIDTH)) {
      ensure(size + 4);
      y -= size + 3;
      text(regular, size, MARGIN, y, line);
    }
    y -= 4;
  }

  void rule() throws IOException {
    y -= 6;
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
    content.showText(printable(text));
    content.endText();
  }

  /** Breaks {@code text} into lines no wider than {@code width}; long words (hashes) are cut. */
  List<String> wrap(String text, PDFont font, float size, float width) throws IOException {
    return wrap(text, font, size, width, width);
  }

  /** As {@link #wrap(String, PDFont, float, float)}, with a narrower (or wider) first line. */
  List<String> wrap(String text, PDFont font, float size, float firstWidth, float otherWidth) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : printable(text).split(" ")) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (width(font, size, candidate) <= (lines.isEmpty() ? firstWidth : otherWidth)) {
        line.setLength(0);
        line.append(candidate);
        continue;
      }
      if (line.length() > 0) {
        lines.add(line.toString());
        line.setLength(0);
      }
      while (width(font, size, word) > (lines.isEmpty() ? firstWidth : otherWidth)) {
        float limit = lines.isEmpty() ? firstWidth : otherWidth;
        int cut = word.length();
        while (cut > 1 && width(font, size, word.substring(0, cut)) > limit) {
          cut--;
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


  private static float width(PDFont font, float size, String s) throws IOException {
    return font.getStringWidth(s) / 1000 * size;
  }

  /** Latin-1 printable characters only: the standard fonts cannot show more. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      out.append((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) ? c : c == '\n' || c == '\t' ? ' ' : '?');
    }
    return out.toString();
  }

  @Override
  public void close() throws IOException {
    content.close();
  }
}
