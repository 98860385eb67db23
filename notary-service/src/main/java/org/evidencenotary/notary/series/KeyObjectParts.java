package org.evidencenotary.notary.series;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.evidencenotary.notary.dicom.DicomSignatureWriter;

/**
 * The rule that writes a manifest version as one Key Object Selection Document or as several
 * (parts), so that every document's MAC byte stream stays under {@value #MAC_STREAM_LIMIT} bytes
 * and DCMTK 3.6.7 to 3.7.0 verify its signature (docs/decisions.md, "DCMTK and signatures past
 * 16 KiB: the series KOS in parts").
 *
 * <ul>
 *   <li>When {@link KeyObjectDocument#build}'s document of the whole manifest fits, that document is
 *       the only part, byte for byte.
 *   <li>Otherwise part 1 starts at leaf 0 and takes as many leaves, in leaf order, as keep its
 *       stream under the limit; each next part starts at the leaf after the last of the one before
 *       and does the same, until the last leaf. Each part's length is measured on the part as
 *       written ({@link DicomSignatureWriter#macStreamLength}), text included, so no size is
 *       estimated.
 * </ul>
 *
 * <p>A part's description names the part count, whose digits count toward its length: the parts
 * are found for a count of one digit, then again for the count found while that has more digits
 * than the one assumed. The same manifest and instances therefore always give the same parts, with
 * the same bytes.
 */
final class KeyObjectParts {
  /** Every part's MAC stream is shorter than this: DCMTK's MAC buffer never fills. */
  static final int MAC_STREAM_LIMIT = DicomSignatureWriter.DCMTK_MAC_BLOCK_SIZE;

  private KeyObjectParts() {}

  /** One part and its unsigned document. */
  record Built(KeyObjectDocument.Part part, byte[] document) {}

  /**
   * The manifest's parts, in order, each with its unsigned document.
   *
   * @param instances the manifest's members' instances, in leaf order
   * @throws IllegalArgumentException as {@link KeyObjectDocument#build} does
   * @throws IllegalStateException when one instance alone does not fit in a part (it cannot
   *     happen with UIDs of at most 64 characters)
   */
  static List<Built> of(SeriesManifest manifest, List<KeyObjectDocument.Instance> instances) {
    KeyObjectDocument.check(manifest, instances);
    byte[] whole = KeyObjectDocument.build(manifest, instances);
    if (length(whole) < MAC_STREAM_LIMIT) {
      return List.of(new Built(KeyObjectDocument.whole(manifest), whole));
    }
    int assumed = 2;
    // Each round assumes more digits than the last, so there are at most as many rounds as the
    // leaf count has digits.
    while (true) {
      List<int[]> ranges = ranges(manifest, instances, assumed);
      if (digits(ranges.size()) <= digits(assumed)) {
        List<Built> parts = new ArrayList<>();
        for (int[] range : ranges) {
          KeyObjectDocument.Part part =
              KeyObjectDocument.part(manifest, parts.size() + 1, ranges.size(), range[0], range[1]);
          byte[] document = KeyObjectDocument.buildChecked(manifest, instances, part);
          if (length(document) >= MAC_STREAM_LIMIT) {
            // Fails closed: a part DCMTK cannot verify is never signed.
            throw new IllegalStateException("part " + part.number() + " of the Key Object Selection Document of"
                + " root " + manifest.merkleRoot() + " has a MAC stream of " + length(document) + " bytes");
          }
          parts.add(new Built(part, document));
        }
        return parts;
      }
      assumed = ranges.size();
    }
  }

  /** The leaf ranges of the parts, each measured as part {@code k} of {@code assumed}. */
  private static List<int[]> ranges(SeriesManifest manifest, List<KeyObjectDocument.Instance> instances,
      int assumed) {
    List<int[]> ranges = new ArrayList<>();
    int first = 0;
    int count = 1;
    while (first < instances.size()) {
      int number = ranges.size() + 1;
      int remaining = instances.size() - first;
      // The longest run from `first` that fits; the stream grows with every instance added, so
      // searching from the previous part's count finds the same run as adding one at a time.
      count = Math.min(count, remaining);
      if (fits(manifest, instances, number, assumed, first, count)) {
        while (count < remaining && fits(manifest, instances, number, assumed, first, count + 1)) {
          count++;
        }
      } else {
        do {
          count--;
        } while (count > 0 && !fits(manifest, instances, number, assumed, first, count));
        if (count == 0) {
          throw new IllegalStateException("leaf " + first + " of root " + manifest.merkleRoot()
              + " does not fit in a Key Object Selection Document of its own under " + MAC_STREAM_LIMIT + " bytes");
        }
      }
      ranges.add(new int[] {first, first + count - 1});
      first += count;
    }
    return ranges;
  }

  private static boolean fits(SeriesManifest manifest, List<KeyObjectDocument.Instance> instances, int number,
      int of, int first, int count) {
    KeyObjectDocument.Part part = KeyObjectDocument.part(manifest, number, Math.max(of, number), first,
        first + count - 1);
    return length(KeyObjectDocument.buildChecked(manifest, instances, part)) < MAC_STREAM_LIMIT;
  }

  /** The MAC stream length of an unsigned document {@link KeyObjectDocument} wrote. */
  static long length(byte[] document) {
    try {
      return DicomSignatureWriter.macStreamLength(() -> new ByteArrayInputStream(document));
    } catch (IOException e) {
      throw new UncheckedIOException("a document read from memory failed: " + e.getMessage(), e);
    }
  }

  private static int digits(int n) {
    return Integer.toString(n).length();
  }
}
