package org.evidencenotary.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the signed evidence statement says about a DICOM instance: digests, salted hashes of its
 * UIDs and technical attributes; nothing about the patient. It is signed with the statement and
 * travels in proof bundles (docs/privacy.md).
 *
 * @param sopClassUid the SOP Class (a standard UID naming the kind of object, e.g. CT Image Storage),
 *     or absent when the data set has none (then a warning says so)
 * @param sopInstanceUidHash HMAC-SHA256 of the SOP Instance UID with the deployment's secret salt, or
 *     absent when the data set has none (then a warning says so)
 * @param studyInstanceUidHash likewise for the Study Instance UID, or absent
 * @param seriesInstanceUidHash likewise for the Series Instance UID, or absent
 * @param modality e.g. CT, MR, CR, or absent
 * @param transferSyntaxUid the transfer syntax of the bytes received
 * @param rows image rows, or absent
 * @param columns image columns, or absent
 * @param numberOfFrames frames, or absent
 * @param pixelDataSha256 the Pixel Data digest (the service computes it in its {@code dicom} package), or absent for an instance
 *     without Pixel Data
 * @param pixelDataEncoding {@code native} or {@code encapsulated}
 * @param pixelDataLength bytes the pixel digest covers
 * @param frameSha256 one digest per frame, or absent
 * @param dataSetSha256 the SHA-256 of the data set alone: every byte after the File Meta
 *     Information, as received. A C-STORE transmits exactly these bytes, so the sender's own file
 *     and the notary's copy (whose File Meta Information the notary wrote) share it; absent in
 *     statements made before it was kept
 * @param warnings what departs from the DICOM standard but was read, in short fixed texts that name
 *     tags, VRs and counts, never a value (so never patient data); absent when there is none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DicomEvidence(
    String sopClassUid,
    String sopInstanceUidHash,
    String studyInstanceUidHash,
    String seriesInstanceUidHash,
    String modality,
    String transferSyntaxUid,
    Integer rows,
    Integer columns,
    Integer numberOfFrames,
    String pixelDataSha256,
    String pixelDataEncoding,
    Long pixelDataLength,
    List<String> frameSha256,
    String dataSetSha256,
    List<String> warnings) {
  public DicomEvidence {
    frameSha256 = frameSha256 == null || frameSha256.isEmpty() ? null : List.copyOf(frameSha256);
    warnings = warnings == null || warnings.isEmpty() ? null : List.copyOf(warnings);
  }
}
