package org.evidencenotary.notary.series;

import java.util.List;

/**
 * An instance's place in an anchored series manifest.
 *
 * @param manifest the manifest (anchored)
 * @param leafIndex the instance's leaf index
 * @param path its RFC 9162 inclusion path to the manifest's root (hex hashes, leaf to root)
 */
public record SeriesMembership(SeriesManifest manifest, int leafIndex, List<String> path) {
  public SeriesMembership {
    path = List.copyOf(path);
  }
}
