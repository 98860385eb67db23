package org.evidencenotary.notary.certificate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Values as a reader of the certificate expects them: dates in words, names without X.500 syntax.
 * Anything that cannot be read as expected is shown as it is, never dropped.
 */
final class HumanText {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);
  private static final DateTimeFormatter MOMENT =
      DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  /** DICOM DA (PS3.5 6.2): YYYYMMDD, or the old YYYY.MM.DD. */
  private static final Pattern DICOM_DATE = Pattern.compile("(\\d{4})\\.?(\\d{2})\\.?(\\d{2})");
  /** DICOM TM: HH, HHMM, HHMMSS or HHMMSS.F{1,6}; the old HH:MM:SS too. */
  private static final Pattern DICOM_TIME =
      Pattern.compile("(\\d{2})(?::?(\\d{2})(?::?(\\d{2})(?:\\.(\\d{1,6}))?)?)?");

  private HumanText() {}

  /** "7 December 2026, 21:38:51 UTC". */
  static String moment(Instant instant) {
    return MOMENT.format(instant);
  }

  /** {@link #moment(Instant)} of an ISO-8601 instant; the text itself when it is not one. */
  static String moment(String iso) {
    try {
      return moment(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /**
   * A DICOM date and time (DA, TM) as "25 November 2026, 10:15:00": the modality's local time, as
   * it recorded it (no time zone). Either may be absent; a value that is not DICOM syntax is shown
   * as it is, in quotes.
   */
  static String dicomDateTime(String date, String time) {
    List<String> parts = new ArrayList<>();
    if (date != null && !date.isBlank()) {
      Matcher d = DICOM_DATE.matcher(date.trim());
      String shown = null;
      if (d.matches()) {
        try {
          shown = DAY.format(LocalDate.of(Integer.parseInt(d.group(1)), Integer.parseInt(d.group(2)),
              Integer.parseInt(d.group(3))));
        } catch (java.time.DateTimeException e) {
          shown = null;
        }
      }
      parts.add(shown == null ? "\"" + date.trim() + "\"" : shown);
    }
    if (time != null && !time.isBlank()) {
      Matcher t = DICOM_TIME.matcher(time.trim());
      if (t.matches() && Integer.parseInt(t.group(1)) < 24 && (t.group(2) == null || Integer.parseInt(t.group(2)) < 60)
          && (t.group(3) == null || Integer.parseInt(t.group(3)) < 61)) {
        String fraction = t.group(4) == null || t.group(4).chars().allMatch(c -> c == '0') ? "" : "." + t.group(4);
        parts.add(t.group(1) + ":" + orZero(t.group(2)) + ":" + orZero(t.group(3)) + fraction);
      } else {
        parts.add("\"" + time.trim() + "\"");
      }
    }
    return parts.isEmpty() ? null : String.join(", ", parts);
  }

  private static String orZero(String twoDigits) {
    return twoDigits == null ? "00" : twoDigits;
  }

  /**
   * A certificate subject as a person reads it: its common name and organisation ("CT scanner,
   * room 3, St Elsewhere Hospital"), unescaped; the whole name, unescaped, when it has neither.
   */
  static String name(X500Name subject) {
    String cn = first(subject, BCStyle.CN);
    String o = first(subject, BCStyle.O);
    if (cn == null && o == null) {
      List<String> values = new ArrayList<>();
      for (RDN rdn : subject.getRDNs()) {
        values.add(value(rdn.getFirst().getValue()));
      }
      return String.join(", ", values);
    }
    return cn == null ? o : o == null || o.equals(cn) ? cn : cn + ", " + o;
  }

  /** {@link #name(X500Name)} of an RFC 2253 name; the text itself when it is not one. */
  static String name(String rfc2253) {
    try {
      return name(new X500Name(BCStyle.INSTANCE, rfc2253));
    } catch (IllegalArgumentException e) {
      return rfc2253;
    }
  }

  private static String first(X500Name name, ASN1ObjectIdentifier type) {
    RDN[] rdns = name.getRDNs(type);
    return rdns.length == 0 ? null : value(rdns[0].getFirst().getValue());
  }

  private static String value(ASN1Encodable value) {
    return value instanceof ASN1String s ? s.getString() : value.toString();
  }
}
