package org.evidencenotary.notary.api;

import java.util.List;
import org.evidencenotary.notary.verify.BatchReport;
import org.evidencenotary.notary.verify.BatchRow;

/**
 * A batch check's answer as CSV (RFC 4180): a header row, then one row per file, lines ending in
 * CRLF. A value is quoted when it holds a comma, a quote or a line break; a value that starts with
 * {@code = + - @}, a tab or a carriage return gets a leading apostrophe, so that a spreadsheet
 * shows it as text instead of running it as a formula (a file name is the sender's to choose).
 */
final class BatchCsv {
  static final String MEDIA_TYPE = "text/csv";
  static final List<String> HEADER =
      List.of("file", "size", "sha256", "verdict", "summary", "evidence_id", "error");

  private BatchCsv() {}

  static String of(BatchReport report) {
    StringBuilder out = new StringBuilder();
    line(out, HEADER);
    for (BatchRow row : report.results()) {
      line(out, List.of(row.name(), Long.toString(row.size()), text(row.sha256()),
          row.verdict() == null ? "" : row.verdict().name(), text(row.summary()), text(row.evidenceId()),
          text(row.error())));
    }
    return out.toString();
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  private static void line(StringBuilder out, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(values.get(i)));
    }
    out.append("\r\n");
  }

  /** One value, guarded against formulas, then quoted as RFC 4180 asks. */
  static String cell(String value) {
    String v = value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
