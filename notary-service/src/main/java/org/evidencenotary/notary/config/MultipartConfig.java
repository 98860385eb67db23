package org.evidencenotary.notary.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What one multipart request may hold ({@code multipart/form-data} of the evidence, verify and
 * batch endpoints and the portal's check, {@code multipart/related} of STOW-RS). Crossing a limit
 * refuses the request with 413 and keeps nothing; no part is ever held whole in memory except the
 * small ones bounded here (docs/reliability.md, "Multipart limits").
 */
@ConfigMapping(prefix = "notary.multipart")
public interface MultipartConfig {
  /** Most parts in one {@code multipart/form-data} request (a batch check sends one per file). */
  @WithDefault("1000")
  int maxParts();

  /**
   * Most parts in one STOW-RS request ({@code multipart/related}, one DICOM instance per part): a CT
   * or MR series can hold thousands of slices, and each part is stored as it streams in.
   */
  @WithDefault("20000")
  int maxRelatedParts();

  /** Largest header block of one part (all its header fields, so each field too); at most 64K. */
  @WithDefault("16K")
  MemorySize maxPartHeaderSize();

  /** Largest {@code metadata} part of {@code POST /api/v1/evidence} (JSON, held in memory). */
  @WithDefault("64K")
  MemorySize maxMetadataSize();

  /** Largest {@code proof} part of {@code POST /api/v1/verify} (a proof bundle, held in memory). */
  @WithDefault("8M")
  MemorySize maxProofSize();
}
