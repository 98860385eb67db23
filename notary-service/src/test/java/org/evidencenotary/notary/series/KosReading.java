package org.evidencenotary.notary.series;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomInputStream;
import java.io.ByteArrayInputStream;

/** Reads the KOS documents the tests make, with PixelMed, a reader independent of our writer. */
final class KosReading {
  private KosReading() {}

  static AttributeTag tag(int tag) {
    return new AttributeTag(tag >>> 16, tag & 0xFFFF);
  }

  static AttributeList read(byte[] bytes) throws Exception {
    AttributeList list = new AttributeList();
    try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bytes))) {
      list.read(in);
    }
    return list;
  }
}
