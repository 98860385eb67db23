package org.evidencenotary.notary.dicom;

/** Reads the attributes of a DICOM header: the one place a DICOM toolkit is used for parsing. */
interface DicomHeaderReader {
  /**
   * Reads {@code part10Header}: a Part 10 file from its preamble up to (not including) Pixel
   * Data, already checked for structure by the scanner.
   *
   * @throws MalformedDicomException when the toolkit refuses it
   */
  DicomHeader read(byte[] part10Header) throws MalformedDicomException;
}
