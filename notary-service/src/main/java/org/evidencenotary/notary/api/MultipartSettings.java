package org.evidencenotary.notary.api;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.MultipartConfig;

/** The limits of multipart requests from {@code notary.multipart.*}, checked at start. */
@Startup
@ApplicationScoped
public class MultipartSettings {
  /** Room for boundaries and part headers around the parts counted by their own limits. */
  static final long ENVELOPE = 1 << 20;

  private final MultipartReader.Limits form;
  private final MultipartReader.Limits related;
  private final long maxMetadata;
  private final long maxProof;
  private final Path uploads;

  @Inject
  MultipartSettings(MultipartConfig config,
      @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploads) {
    long header = config.maxPartHeaderSize().asLongValue();
    try {
      if (header > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("max-part-header-size is far too large");
      }
      form = new MultipartReader.Limits((int) header, config.maxParts());
      related = new MultipartReader.Limits((int) header, config.maxRelatedParts());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("notary.multipart.*: " + e.getMessage());
    }
    maxMetadata = config.maxMetadataSize().asLongValue();
    maxProof = config.maxProofSize().asLongValue();
    if (maxMetadata < 1024 || maxProof < 1024) {
      throw new ConfigurationException("notary.multipart.max-metadata-size and max-proof-size must be at least 1K");
    }
    this.uploads = Path.of(uploads);
    try {
      Files.createDirectories(this.uploads);
    } catch (IOException e) {
      throw new ConfigurationException("quarkus.http.body.uploads-directory: cannot create " + uploads, e);
    }
  }

  /** Limits of a {@code multipart/form-data} body. */
  MultipartReader.Limits form() {
    return form;
  }

  /** Limits of a STOW-RS {@code multipart/related} body. */
  MultipartReader.Limits related() {
    return related;
  }

  long maxMetadata() {
    return maxMetadata;
  }

  long maxProof() {
    return maxProof;
  }

  /**
   * Bytes a form may carry beyond its file: the metadata or proof part, part headers and
   * boundaries. {@link UploadLimitFilter} allows them on top of the upload limit.
   */
  public long allowance() {
    return ENVELOPE + Math.max(maxMetadata, maxProof);
  }

  /** Where file parts are spooled while the request is handled (the HTTP layer's uploads folder). */
  Path uploads() {
    return uploads;
  }
}
