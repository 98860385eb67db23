package org.evidencenotary.storage;

import io.minio.BucketExistsArgs;
import io.minio.Checksum;
import io.minio.DisableObjectLegalHoldArgs;
import io.minio.EnableObjectLegalHoldArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectLockConfigurationArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.SetObjectLockConfigurationArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.ObjectLockConfiguration;
import io.minio.messages.Retention;
import io.minio.messages.RetentionMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.evidencenotary.format.Sha256;

/**
 * Originals in an S3 bucket with Object Lock (MinIO, or any S3 store that implements Object Lock),
 * spoken to over plain S3 calls through the MinIO Java client.
 *
 * <ul>
 *   <li>Key {@code sha256/<hex>}; metadata {@code sha256}, {@code size}, and where given the media
 *       type (Content-Type) and {@code evidence-id}.
 *   <li>Each object is written with COMPLIANCE retention until now + the configured period; the
 *       bucket's default retention (whole days) covers anything written without it.
 *   <li>Staging is a local temp file, hashed while it streams in: nothing is in the bucket before
 *       {@link StagedObject#commit()}. Commit uploads from that file (multipart above the part
 *       size, at most two parts in memory at a time), hashing the bytes as they go out, and fails unless
 *       they hash to the staged digest; the client sends a SHA-256 checksum per request, which the
 *       server checks.
 *   <li>Reads fetch the current version and re-hash it; a mismatch is a {@link
 *       StorageIntegrityException}. A new version written over ours (S3 locks versions, not keys)
 *       is therefore caught on the next read.
 * </ul>
 */
final class MinioEvidenceStore implements WormStore {
  private static final System.Logger LOG = System.getLogger(MinioEvidenceStore.class.getName());
  private static final String META_SHA256 = "sha256";
  private static final String META_SIZE = "size";
  private static final String META_EVIDENCE_ID = "evidence-id";
  private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchVersion", "NoSuchObject");
  private static final Set<String> REFUSED_BY_LOCK =
      Set.of("AccessDenied", "ObjectLocked", "InvalidRequest", "MethodNotAllowed");

  /** Parts in flight at once: each holds one part in memory. */
  private static final int PARALLEL_PARTS = 2;

  private final MinioClient client;
  private final MinioSettings settings;
  private final StagingArea staging;
  private volatile boolean bucketReady;

  private MinioEvidenceStore(MinioClient client, MinioSettings settings, StagingArea staging) {
    this.client = client;
    this.settings = settings;
    this.staging = staging;
  }

  static MinioEvidenceStore open(MinioSettings settings) throws IOException {
    Objects.requireNonNull(settings, "settings");
    MinioClient client =
        MinioClient.builder()
            .endpoint(settings.endpoint().toString())
            .credentials(settings.accessKey(), settings.secretKey())
            .build();
    // Connect fast-fail (a dead store answers 503 at once); reads and writes may take long.
    client.setTimeout(
        Duration.ofSeconds(10).toMillis(),
        Duration.ofMinutes(5).toMillis(),
        Duration.ofMinutes(5).toMillis());
    MinioEvidenceStore store =
        new MinioEvidenceStore(client, settings, StagingArea.open(settings.staging()));
    try {
      store.ensureBucket();
    } catch (StorageUnavailableException e) {
      // The service may start before the store; the bucket is checked again before first use.
      LOG.log(
          System.Logger.Level.WARNING,
          "object store at {0} not reachable now ({1}); will check bucket {2} on first use",
          settings.endpoint(),
          e.getMessage(),
          settings.bucket());
    }
    return store;
  }

  /**
   * Creates the bucket with Object Lock and a default COMPLIANCE retention, or checks that an
   * existing bucket has Object Lock. A bucket without it is refused: objects there could be deleted.
   */
  private void ensureBucket() throws StorageException {
    if (bucketReady) {
      return;
    }
    synchronized (this) {
      if (bucketReady) {
        return;
      }
      String bucket = settings.bucket();
      try {
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
          try {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).objectLock(true).build());
          } catch (ErrorResponseException e) {
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
              throw e;
            }
          }
          int days = (int) Math.max(1, ceilDays(settings.retention()));
          client.setObjectLockConfiguration(
              SetObjectLockConfigurationArgs.builder()
                  .bucket(bucket)
                  .config(
                      new ObjectLockConfiguration(
                          RetentionMode.COMPLIANCE,
                          new ObjectLockConfiguration.RetentionDurationDays(days)))
                  .build());
          LOG.log(
              System.Logger.Level.INFO,
              "created bucket {0} with Object Lock, default retention COMPLIANCE {1} days",
              bucket,
              days);
        } else {
          ObjectLockConfiguration lock;
          try {
            lock =
                client.getObjectLockConfiguration(
                    GetObjectLockConfigurationArgs.builder().bucket(bucket).build());
          } catch (ErrorResponseException e) {
            if ("ObjectLockConfigurationNotFoundError".equals(e.errorResponse().code())) {
              throw new StorageException(
                  "bucket "
                      + bucket
                      + " exists without Object Lock; originals there could be deleted. Use a"
                      + " bucket created with Object Lock (e.g. mc mb --with-lock)",
                  null);
            }
            throw e;
          }
          if (lock.mode() != RetentionMode.COMPLIANCE) {
            LOG.log(
                System.Logger.Level.WARNING,
                "bucket {0} default retention is {1}, not COMPLIANCE; each object is still written"
                    + " with COMPLIANCE retention",
                bucket,
                lock.mode());
          }
        }
      } catch (MinioException | RuntimeException e) {
        throw failure("preparing bucket " + bucket, null, e);
      }
      bucketReady = true;
    }
  }

  private static long ceilDays(Duration d) {
    long days = d.toDays();
    return d.equals(Duration.ofDays(days)) ? days : days + 1;
  }

  @Override
  public StoreKind kind() {
    return StoreKind.MINIO;
  }

  @Override
  public String address(Sha256 digest) {
    return "sha256/" + digest.hex();
  }

  @Override
  public StagedObject stage(InputStream in, long maxBytes) throws IOException {
    StagingArea.Staged file = staging.stage(in, maxBytes);
    return new Staged(file);
  }

  @Override
  public boolean contains(Sha256 digest) throws IOException {
    return stat(digest).isPresent();
  }

  @Override
  public long size(Sha256 digest) throws IOException {
    return statOrThrow(digest).size();
  }

  @Override
  public void verify(Sha256 digest) throws IOException {
    try (InputStream in = open(digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  @Override
  public InputStream open(Sha256 digest) throws IOException {
    ensureBucket();
    String key = address(digest);
    InputStream body;
    try {
      body = client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(key).build());
    } catch (MinioException | RuntimeException e) {
      throw failure("reading " + key, digest, e);
    }
    return new VerifyingInputStream(body, digest, settings.bucket() + "/" + key);
  }

  @Override
  public void checkWritable() throws IOException {
    // A probe object would be locked for the retention period: check the bucket instead.
    bucketReady = false;
    ensureBucket();
  }

  @Override
  public ObjectRetention retention(Sha256 digest) throws IOException {
    StatObjectResponse stat = statOrThrow(digest);
    return new ObjectRetention(
        stat.lockMode() == null ? null : stat.lockMode().name(),
        stat.lockRetainUntilDate() == null ? null : stat.lockRetainUntilDate().toInstant(),
        stat.lockLegalHold() != null && stat.lockLegalHold().status(),
        stat.versionId() == null ? "null" : stat.versionId());
  }

  @Override
  public void legalHold(Sha256 digest, boolean on) throws IOException {
    String key = address(digest);
    String version = statOrThrow(digest).versionId();
    try {
      if (on) {
        client.enableObjectLegalHold(
            EnableObjectLegalHoldArgs.builder()
                .bucket(settings.bucket())
                .object(key)
                .versionId(version)
                .build());
      } else {
        client.disableObjectLegalHold(
            DisableObjectLegalHoldArgs.builder()
                .bucket(settings.bucket())
                .object(key)
                .versionId(version)
                .build());
      }
    } catch (MinioException | RuntimeException e) {
      throw failure((on ? "setting" : "releasing") + " legal hold on " + key, digest, e);
    }
    LOG.log(
        System.Logger.Level.INFO,
        "legal hold {0} on {1} (version {2})",
        on ? "set" : "released",
        key,
        version);
  }

  @Override
  public void delete(Sha256 digest) throws IOException {
    String key = address(digest);
    StatObjectResponse stat = statOrThrow(digest);
    try {
      // Always by version: a delete without one would only add a delete marker and hide the
      // object while leaving it in place.
      client.removeObject(
          RemoveObjectArgs.builder()
              .bucket(settings.bucket())
              .object(key)
              .versionId(stat.versionId())
              .build());
    } catch (ErrorResponseException e) {
      if (REFUSED_BY_LOCK.contains(e.errorResponse().code())) {
        ObjectRetention r = retention(digest);
        if (r.protectsAt(Instant.now())) {
          throw new ObjectRetainedException(
              digest,
              r.retainUntil(),
              r.legalHold(),
              "refused by the object store: " + e.errorResponse().code(),
              e);
        }
      }
      throw failure("deleting " + key, digest, e);
    } catch (MinioException | RuntimeException e) {
      throw failure("deleting " + key, digest, e);
    }
    LOG.log(System.Logger.Level.INFO, "deleted {0} (version {1})", key, stat.versionId());
  }

  private StatObjectResponse statOrThrow(Sha256 digest) throws IOException {
    return stat(digest).orElseThrow(() -> new ObjectNotFoundException(digest));
  }

  private Optional<StatObjectResponse> stat(Sha256 digest) throws IOException {
    ensureBucket();
    String key = address(digest);
    try {
      return Optional.of(
          client.statObject(StatObjectArgs.builder().bucket(settings.bucket()).object(key).build()));
    } catch (ErrorResponseException e) {
      if (NOT_FOUND.contains(e.errorResponse().code())) {
        return Optional.empty();
      }
      throw failure("looking up " + key, digest, e);
    } catch (MinioException | RuntimeException e) {
      throw failure("looking up " + key, digest, e);
    }
  }

  /**
   * Translates a client failure. Unreachable or failing servers become {@link
   * StorageUnavailableException} (transient); refusals stay plain {@link StorageException}. The
   * MinIO client 9 reports connection failures unchecked, as {@code IllegalStateException}.
   */
  private StorageException failure(String what, Sha256 digest, Exception e) {
    if (e instanceof StorageException se) {
      return se;
    }
    if (e instanceof ErrorResponseException er) {
      int status = er.response() == null ? 0 : er.response().code();
      String detail = er.errorResponse().code() + ": " + er.errorResponse().message();
      if (digest != null && NOT_FOUND.contains(er.errorResponse().code())) {
        return new ObjectNotFoundException(digest);
      }
      if (status >= 500) {
        return new StorageUnavailableException(
            what + " failed: the object store answered " + status + " (" + detail + ")", digest, e);
      }
      return new StorageException(what + " refused by the object store (" + detail + ")", digest, e);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return new StorageUnavailableException(
            what
                + " failed: object store at "
                + settings.endpoint()
                + " not reachable ("
                + io.getClass().getSimpleName()
                + (io.getMessage() == null ? "" : ": " + io.getMessage())
                + ")",
            digest,
            e);
      }
    }
    return new StorageException(what + " failed: " + e, digest, e);
  }

  private final class Staged implements StagedObject {
    private final StagingArea.Staged file;
    private StoredObject committed;
    private String versionId;
    private boolean closed;

    Staged(StagingArea.Staged file) {
      this.file = file;
    }

    @Override
    public Sha256 digest() {
      return file.digest();
    }

    @Override
    public long size() {
      return file.size();
    }

    @Override
    public StoredObject commit() throws IOException {
      return commit(ObjectLabels.NONE);
    }

    @Override
    public synchronized StoredObject commit(ObjectLabels labels) throws IOException {
      Objects.requireNonNull(labels, "labels");
      if (committed != null) {
        return committed;
      }
      if (closed) {
        throw new IllegalStateException("staged object was discarded");
      }
      Sha256 digest = file.digest();
      String key = address(digest);
      if (stat(digest).isPresent()) {
        // Same digest, so the same bytes, unless what is stored was damaged: check it.
        verify(digest);
        file.delete();
        committed = new StoredObject(digest, file.size(), key, false);
        return committed;
      }
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put(META_SHA256, digest.hex());
      meta.put(META_SIZE, Long.toString(file.size()));
      if (labels.evidenceId() != null) {
        meta.put(META_EVIDENCE_ID, labels.evidenceId());
      }
      ZonedDateTime until = ZonedDateTime.now(ZoneOffset.UTC).plus(settings.retention());
      MessageDigest sent = Sha256.newMessageDigest();
      ObjectWriteResponse written;
      try (InputStream in = new DigestInputStream(file.open(), sent)) {
        PutObjectArgs.Builder args =
            PutObjectArgs.builder()
                .bucket(settings.bucket())
                .object(key)
                .stream(in, file.size(), settings.partSize())
                .userMetadata(meta)
                .retention(new Retention(RetentionMode.COMPLIANCE, until))
                .parallelUploads(PARALLEL_PARTS);
        if (file.size() > settings.partSize()) {
          // Per-part SHA-256, checked by the server (S3 offers SHA-256 only as a composite
          // checksum); a single request is covered by the signed payload hash instead.
          args.checksum(Checksum.Algorithm.SHA256);
        }
        if (labels.mediaType() != null) {
          args.contentType(labels.mediaType());
        }
        written = client.putObject(args.build());
      } catch (MinioException | RuntimeException e) {
        throw failure("storing " + key, digest, e);
      }
      byte[] out = sent.digest();
      if (!MessageDigest.isEqual(out, digest.bytes())) {
        // The staged file changed under us: what went out is not what was notarized.
        throw new StorageIntegrityException(
            digest, HexFormat.of().formatHex(out), settings.bucket() + "/" + key + " (upload)");
      }
      versionId = written.versionId();
      file.delete();
      committed = new StoredObject(digest, file.size(), key, true);
      LOG.log(
          System.Logger.Level.DEBUG,
          "stored {0} ({1} bytes, version {2}, retained until {3})",
          key,
          file.size(),
          versionId,
          until);
      return committed;
    }

    @Override
    public synchronized void rollback() throws IOException {
      if (committed == null || !committed.newlyStored()) {
        return;
      }
      try {
        delete(committed.digest());
        committed = null;
      } catch (ObjectRetainedException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot roll back {0}: retained until {1}; it stays in bucket {2} unreferenced (an"
                + " orphan) until its retention ends",
            committed.address(),
            e.retainUntil(),
            settings.bucket());
        throw e;
      }
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      file.delete();
    }
  }
}
