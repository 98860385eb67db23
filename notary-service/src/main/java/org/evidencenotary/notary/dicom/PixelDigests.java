package org.evidencenotary.notary.dicom;

import java.util.List;
import java.util.Objects;

/**
 * SHA-256 digests of an instance's Pixel Data (7FE0,0010).
 *
 * @param sha256 over the value bytes as stored: native data as is; encapsulated data as the
 *     concatenated fragments without the Basic Offset Table (hex)
 * @param encoding {@value #NATIVE} or {@value #ENCAPSULATED}
 * @param length bytes covered by {@code sha256}
 * @param frames one digest per frame, in order (empty when frames cannot be told apart: a native
 *     value shorter than rows x columns x frames, bits allocated not a multiple of 8, or
 *     encapsulated data whose fragments are not one per frame)
 */
public record PixelDigests(String sha256, String encoding, long length, List<String> frames) {
  public static final String NATIVE = "native";
  public static final String ENCAPSULATED = "encapsulated";

  public PixelDigests {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(encoding, "encoding");
    frames = List.copyOf(frames);
  }
}
