package org.evidencenotary.notary.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.evidencenotary.format.Sha256;

/**
 * {@link DicomHeaderReader} on PixelMed (Debian's libpixelmed-java 20220618). PixelMed is lenient
 * to a fault with untrusted input (it accepts truncated files and random bytes without complaint),
 * so it only ever sees a header the {@link StreamingDicomScanner} has already walked and bounded.
 * It requires nothing of the content: a missing SOP Class or Instance UID is the scanner's warning.
 */
final class PixelMedHeaderReader implements DicomHeaderReader {
  static final PixelMedHeaderReader INSTANCE = new PixelMedHeaderReader();
  private static final Set<String> BULK_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "UN");

  private PixelMedHeaderReader() {}

  @Override
  public DicomHeader read(byte[] part10Header) {
    AttributeList list = new AttributeList();
    // Pixel Data nested in a sequence (an icon) stays as stored: decompressing it would need codecs
    // PixelMed lacks for JPEG 2000 and fail the whole header, and is no business of a header reader.
    list.setDecompressPixelData(false);
    try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(part10Header))) {
      if (in.getByteOffsetOfStartOfData() != 132) {
        throw new MalformedDicomException("no DICOM Part 10 preamble and DICM marker");
      }
      list.read(in, TagFromName.PixelData);
    } catch (IOException | DicomException | RuntimeException e) {
      if (e instanceof MalformedDicomException m) {
        throw m;
      }
      // The toolkit's message can quote header values (patient data): keep it out of the answer.
      throw new MalformedDicomException("the DICOM header cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    DicomDictionary dictionary = AttributeList.getDictionary();
    List<DicomAttribute> out = new ArrayList<>();
    for (Object o : list.values()) {
      Attribute a = (Attribute) o;
      AttributeTag t = a.getTag();
      int tag = (t.getGroup() << 16) | t.getElement();
      String name = dictionary.getNameFromTag(t);
      String vr = a.getVRAsString();
      out.add(new DicomAttribute(tag, name == null ? "" : name, vr == null ? "" : vr, valueOf(a, vr, dictionary)));
    }
    return new DicomHeader(out);
  }

  private static String valueOf(Attribute a, String vr, DicomDictionary dictionary) {
    try {
      if (a instanceof SequenceAttribute sequence) {
        return "sha256:" + Sha256.digest(sequence.toString(dictionary).getBytes(StandardCharsets.UTF_8)).hex();
      }
      if (vr != null && BULK_VRS.contains(vr)) {
        byte[] bytes = a.getByteValues();
        return "sha256:" + Sha256.digest(bytes == null ? new byte[0] : bytes).hex();
      }
      return a.getDelimitedStringValuesOrEmptyString().strip();
    } catch (DicomException | RuntimeException e) {
      return "(unreadable)";
    }
  }
}
