package org.evidencenotary.notary.evidence;

import static org.evidencenotary.notary.testing.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Vetoed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.evidencenotary.chaincode.core.AnchorRequest;
import org.evidencenotary.chaincode.core.CustodyEvent;
import org.evidencenotary.chaincode.core.CustodyRequest;
import org.evidencenotary.chaincode.core.ErrorCode;
import org.evidencenotary.chaincode.core.RuleException;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.ledger.AnchorResult;
import org.evidencenotary.notary.ledger.Ledger;
import org.evidencenotary.notary.ledger.LedgerEntry;
import org.evidencenotary.notary.ledger.LedgerKind;
import org.evidencenotary.notary.ledger.LedgerUnavailableException;
import org.evidencenotary.notary.pki.NotaryIdentity;
import org.evidencenotary.notary.pki.SigningException;
import org.evidencenotary.storage.EvidenceStore;
import org.evidencenotary.storage.StagedObject;
import org.evidencenotary.storage.StorageException;
import org.evidencenotary.storage.StoreKind;
import org.evidencenotary.storage.StoredObject;
import org.junit.jupiter.api.Test;

/**
 * Fails each step of a notarization in turn, with the real components around the failing one,
 * and checks that a failed request leaves no record, no stored object and no anchor; and that a
 * ledger outage delays anchoring without losing anything, exactly once.
 */
@QuarkusTest
class FailedRequestsLeaveNothingTest {
  @Inject EvidenceStore store;
  @Inject EvidenceRepository repository;
  @Inject Ledger ledger;
  @Inject NotaryIdentity identity;
  @Inject NotaryConfig config;

  private static byte[] unique(String label) {
    return (label + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
  }

  private void assertNothingLeft(byte[] bytes) throws IOException {
    String hex = Sha256.digest(bytes).hex();
    assertThat(repository.findByDigest(hex)).as("record").isEmpty();
    assertThat(store.contains(Sha256.digest(bytes))).as("stored object").isFalse();
    assertThat(ledger.find(hex)).as("anchor").isEmpty();
    try (var staged = Files.list(config.dataDir().resolve("tmp/staging"))) {
      assertThat(staged).as("staging area").isEmpty();
    }
  }

  @Test
  void failed_signature_leaves_nothing_behind() throws IOException {
    QuarkusMock.installMockForType(new SignerThatFails(ClientProxy.unwrap(identity)), NotaryIdentity.class);
    byte[] bytes = unique("signing fails");

    given().body(bytes).contentType("application/octet-stream").post("/api/v1/evidence")
        .then().statusCode(500).contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:signing-failed"));

    assertNothingLeft(bytes);
  }

  @Test
  void failed_store_commit_leaves_nothing_behind() throws IOException {
    QuarkusMock.installMockForType(new StoreThatFailsOnCommit(ClientProxy.unwrap(store)), EvidenceStore.class);
    byte[] bytes = unique("store fails");

    given().body(bytes).contentType("application/octet-stream").post("/api/v1/evidence")
        .then().statusCode(503).contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:storage-unavailable"));

    assertNothingLeft(bytes);
  }

  @Test
  void failed_record_write_rolls_back_the_stored_object() throws IOException {
    QuarkusMock.installMockForType(
        new RepositoryThatFailsOnCreate(ClientProxy.unwrap(repository)), EvidenceRepository.class);
    byte[] bytes = unique("record fails");

    given().body(bytes).contentType("application/octet-stream").post("/api/v1/evidence")
        .then().statusCode(500).contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:internal"));

    assertNothingLeft(bytes);
  }

  @Test
  void ledger_outage_answers_202_pending_then_anchors_when_it_is_back() throws IOException {
    SwitchableLedger switchable = new SwitchableLedger(ClientProxy.unwrap(ledger));
    QuarkusMock.installMockForType(switchable, Ledger.class);
    byte[] bytes = unique("ledger down");
    long height = switchable.height();

    String id = given().body(bytes).contentType("application/octet-stream").post("/api/v1/evidence")
        .then().statusCode(202).body("status", equalTo("PENDING")).extract().jsonPath().getString("id");
    assertThat(store.contains(Sha256.digest(bytes))).as("stored before anchoring").isTrue();
    given().get("/api/v1/evidence/" + id + "/proof").then().statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:not-yet-anchored"));
    given().get("/api/v1/evidence/" + id + "/certificate.pdf").then().statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:not-yet-anchored"));
    // No custody event can be recorded before the anchor, so the original is not released either.
    given().get("/api/v1/evidence/" + id + "/original").then().statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:not-yet-anchored"));

    switchable.up.set(true);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        given().get("/api/v1/evidence/" + id).then().body("status", equalTo("ANCHORED")));

    assertThat(blocksAnchoring(switchable, Sha256.digest(bytes).hex(), height)).as("blocks anchoring it").isEqualTo(1);
    given().get("/api/v1/evidence/" + id + "/proof").then().statusCode(200);
  }

  @Test
  void crash_between_anchor_and_record_update_still_anchors_exactly_once() {
    AnchorsThenFailsOnce flaky = new AnchorsThenFailsOnce(ClientProxy.unwrap(ledger));
    QuarkusMock.installMockForType(flaky, Ledger.class);
    byte[] bytes = unique("anchor then crash");
    String hex = Sha256.digest(bytes).hex();
    long height = flaky.height();

    String id = given().body(bytes).contentType("application/octet-stream").post("/api/v1/evidence")
        .then().extract().jsonPath().getString("id");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        given().get("/api/v1/evidence/" + id).then().body("status", equalTo("ANCHORED")));

    assertThat(flaky.failed.get()).as("the first anchoring attempt was made to fail").isTrue();
    assertThat(blocksAnchoring(flaky, hex, height)).as("one block for one anchor, despite the retry").isEqualTo(1);
    LedgerEntry entry = flaky.find(hex).orElseThrow();
    given().get("/api/v1/evidence/" + id).then()
        .body("anchor.transactionId", equalTo(entry.location().transactionId()));
  }

  @Test
  void ledger_outage_refuses_every_read_with_503_and_sends_nothing() {
    SwitchableLedger switchable = new SwitchableLedger(ClientProxy.unwrap(ledger));
    QuarkusMock.installMockForType(switchable, Ledger.class);
    switchable.up.set(true);
    byte[] bytes = unique("read while the ledger is down");
    String id = given().body(bytes).contentType("application/octet-stream").post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
    switchable.up.set(false);

    for (String read : List.of("original", "proof", "certificate.pdf")) {
      String body = given().get("/api/v1/evidence/" + id + "/" + read).then().statusCode(503)
          .contentType("application/problem+json")
          .body("type", equalTo("urn:evidence-notary:problem:custody-not-recorded"))
          .body("evidenceId", equalTo(id))
          .extract().asString();
      assertThat(body).as(read).doesNotContain(new String(bytes, StandardCharsets.UTF_8));
    }

    assertThat(switchable.real.custodyEvents(id)).as("custody events on the ledger").isEmpty();
  }

  @Test
  void ledger_refusing_the_custody_event_answers_503_sends_nothing_and_keeps_no_details() throws IOException {
    byte[] bytes = unique("read refused by the rules");
    String id = given().body(bytes).contentType("application/octet-stream").post("/api/v1/evidence")
        .then().statusCode(201).extract().jsonPath().getString("id");
    QuarkusMock.installMockForType(new RefusesCustody(ClientProxy.unwrap(ledger)), Ledger.class);

    String body = given().get("/api/v1/evidence/" + id + "/original").then().statusCode(503)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:evidence-notary:problem:custody-not-recorded"))
        .extract().asString();

    assertThat(body).doesNotContain(new String(bytes, StandardCharsets.UTF_8));
    assertThat(ledger.custodyEvents(id)).as("custody events on the ledger").isEmpty();
    Path kept = config.dataDir().resolve("custody").resolve(id);
    if (Files.isDirectory(kept)) {
      try (var files = Files.list(kept)) {
        assertThat(files).as("details kept for a refused event").isEmpty();
      }
    }
  }

  /** Signs nothing: as if the key store or HSM failed. */
  @Vetoed
  static final class SignerThatFails extends NotaryIdentity {
    private final NotaryIdentity real;

    SignerThatFails(NotaryIdentity real) {
      this.real = real;
    }

    @Override
    public byte[] sign(byte[] data) {
      throw new SigningException("test: the signing key is unavailable", null);
    }

    @Override
    public List<X509Certificate> chain() {
      return real.chain();
    }

    @Override
    public X509Certificate rootCertificate() {
      return real.rootCertificate();
    }

    @Override
    public List<X509Certificate> caChain() {
      return real.caChain();
    }

    @Override
    public String serviceSubject() {
      return real.serviceSubject();
    }

    @Override
    public String serviceCertificateSha256() {
      return real.serviceCertificateSha256();
    }

    @Override
    public String referenceHash(String reference) {
      return real.referenceHash(reference);
    }
  }

  /** Stages for real, then fails to publish, as a full disk would. */
  static final class StoreThatFailsOnCommit implements EvidenceStore {
    private final EvidenceStore real;

    StoreThatFailsOnCommit(EvidenceStore real) {
      this.real = real;
    }

    @Override
    public StagedObject stage(InputStream in, long maxBytes) throws IOException {
      StagedObject staged = real.stage(in, maxBytes);
      return new StagedObject() {
        @Override
        public Sha256 digest() {
          return staged.digest();
        }

        @Override
        public long size() {
          return staged.size();
        }

        @Override
        public StoredObject commit() throws IOException {
          throw new StorageException("test: no space left on device", staged.digest());
        }

        @Override
        public void rollback() throws IOException {
          staged.rollback();
        }

        @Override
        public void close() {
          staged.close();
        }
      };
    }

    @Override
    public StoreKind kind() {
      return real.kind();
    }

    @Override
    public boolean contains(Sha256 digest) throws IOException {
      return real.contains(digest);
    }

    @Override
    public String address(Sha256 digest) {
      return real.address(digest);
    }

    @Override
    public long size(Sha256 digest) throws IOException {
      return real.size(digest);
    }

    @Override
    public void verify(Sha256 digest) throws IOException {
      real.verify(digest);
    }

    @Override
    public InputStream open(Sha256 digest) throws IOException {
      return real.open(digest);
    }

    @Override
    public void checkWritable() throws IOException {
      real.checkWritable();
    }
  }

  /** Cannot write new records, as if the records folder's disk were full. */
  @Vetoed
  static final class RepositoryThatFailsOnCreate extends EvidenceRepository {
    private final EvidenceRepository real;

    RepositoryThatFailsOnCreate(EvidenceRepository real) {
      this.real = real;
    }

    @Override
    public void create(EvidenceRecord record) throws IOException {
      throw new IOException("test: no space left on device");
    }

    @Override
    public Optional<EvidenceRecord> findById(String id) {
      return real.findById(id);
    }

    @Override
    public Optional<EvidenceRecord> findByDigest(String sha256Hex) {
      return real.findByDigest(sha256Hex);
    }

    @Override
    public List<EvidenceRecord> pending() {
      return real.pending();
    }

    @Override
    public List<EvidenceRecord> anchored() {
      return real.anchored();
    }

    @Override
    public int count() {
      return real.count();
    }

    @Override
    public void update(EvidenceRecord record) throws IOException {
      real.update(record);
    }

    @Override
    public void delete(String id) throws IOException {
      real.delete(id);
    }
  }

  /**
   * How many blocks from {@code fromHeight} on write the anchor of {@code hex}. Counted in the
   * blocks rather than from the height, since a series manifest of an earlier test in the same
   * application may be anchored in the meantime.
   */
  private static long blocksAnchoring(Ledger ledger, String hex, long fromHeight) {
    long found = 0;
    for (long n = fromHeight; n < ledger.height(); n++) {
      JsonNode block = ledger.block(new org.evidencenotary.notary.ledger.AnchorLocation("embedded", "test", n, "-", "-",
          null, "-"));
      for (JsonNode tx : block.path("transactions")) {
        for (JsonNode write : tx.path("writes")) {
          if (write.path("key").asText().equals("evidence/" + hex)) {
            found++;
          }
        }
      }
    }
    return found;
  }

  /** The real ledger behind a switch: while down, nothing can be anchored. */
  static class SwitchableLedger implements Ledger {
    final Ledger real;
    final AtomicBoolean up = new AtomicBoolean(false);

    SwitchableLedger(Ledger real) {
      this.real = real;
    }

    @Override
    public List<AnchorResult> anchor(List<AnchorRequest> requests) {
      if (!up.get()) {
        throw new LedgerUnavailableException("test: ledger down", null);
      }
      return real.anchor(requests);
    }

    @Override
    public LedgerKind kind() {
      return real.kind();
    }

    @Override
    public Optional<LedgerEntry> find(String digestHex) {
      return real.find(digestHex);
    }

    @Override
    public String verify(LedgerEntry entry) {
      return real.verify(entry);
    }

    @Override
    public org.evidencenotary.notary.ledger.BatchEntry anchorBatch(org.evidencenotary.chaincode.core.BatchRequest request) {
      if (!up.get()) {
        throw new LedgerUnavailableException("test: ledger down", null);
      }
      return real.anchorBatch(request);
    }

    @Override
    public Optional<org.evidencenotary.notary.ledger.BatchEntry> findBatch(String merkleRoot) {
      return real.findBatch(merkleRoot);
    }

    @Override
    public CustodyEvent recordCustody(CustodyRequest request) {
      if (!up.get()) {
        throw new LedgerUnavailableException("test: ledger down", null);
      }
      return real.recordCustody(request);
    }

    @Override
    public List<CustodyEvent> custodyEvents(String evidenceId) {
      return real.custodyEvents(evidenceId);
    }

    @Override
    public org.evidencenotary.notary.ledger.AnchorLocation locate(CustodyEvent event) {
      return real.locate(event);
    }

    @Override
    public JsonNode block(org.evidencenotary.notary.ledger.AnchorLocation location) {
      return real.block(location);
    }

    @Override
    public long height() {
      return real.height();
    }

    @Override
    public void checkUsable() {
      real.checkUsable();
    }
  }

  /** Anchors, but the rules refuse every custody event, as for an organisation outside the policy. */
  static final class RefusesCustody extends SwitchableLedger {
    RefusesCustody(Ledger real) {
      super(real);
      up.set(true);
    }

    @Override
    public CustodyEvent recordCustody(CustodyRequest request) {
      throw new RuleException(ErrorCode.ACCESS_DENIED, "test: organisation may not record custody events");
    }
  }

  /** Anchors for real, then reports failure once, as a crash before the record update would. */
  static final class AnchorsThenFailsOnce extends SwitchableLedger {
    final AtomicBoolean failed = new AtomicBoolean(false);

    AnchorsThenFailsOnce(Ledger real) {
      super(real);
      up.set(true);
    }

    @Override
    public List<AnchorResult> anchor(List<AnchorRequest> requests) {
      List<AnchorResult> results = real.anchor(requests);
      if (failed.compareAndSet(false, true)) {
        throw new LedgerUnavailableException("test: lost the answer after the ledger wrote", null);
      }
      return results;
    }
  }
}
