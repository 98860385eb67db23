package org.evidencenotary.notary.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.junit.jupiter.api.Test;

/**
 * Peers that drip bytes lose their association in bounded time (ARTIM before association, a
 * deadline per message after it), whatever their idle timeout, and one calling AE title holds at
 * most its share of the association slots: the others keep being served meanwhile.
 */
@QuarkusTest
@TestProfile(SlowPeerTest.ShortDeadlines.class)
class SlowPeerTest {
  /** ARTIM 2 s; a message within 5 s plus a second per 1,000 bytes; 4 slots, 2 per AE title; idle 60 s. */
  public static class ShortDeadlines implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("notary.dicom.scp.artim-timeout", "2s", "notary.dicom.scp.message-timeout", "5s",
          "notary.dicom.scp.message-min-rate", "1000", "notary.dicom.scp.max-associations", "4",
          "notary.dicom.scp.max-associations-per-ae", "2", "notary.dicom.scp.idle-timeout", "60s");
    }
  }

  private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
  private static final Map<String, String> NO_DELAY = Map.of("TCP_NODELAY", "1");
  /** Well below the 60 s idle timeout: a connection closed sooner was closed by a deadline, not by silence. */
  private static final Duration BOUND = Duration.ofSeconds(30);

  @Inject StorageScp scp;
  @Inject EvidenceRepository repository;
  @Inject NotaryConfig config;

  @Test
  void connection_dripping_its_associate_request_is_closed_by_the_artim_timer() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), scp.port())) {
      socket.getOutputStream().write(new byte[] {0x01, 0x00}); // an A-ASSOCIATE-RQ begins...

      byte[] answer = dripUntilClosed(socket);

      assertThat(answer).as("no A-ASSOCIATE-AC, only the connection closed").isEmpty();
    }
  }

  @Test
  void one_calling_ae_dripping_data_sets_holds_two_slots_and_others_are_served_until_it_is_cut_off()
      throws Exception {
    int before = repository.count();
    List<DimseTestClient> drippers = new ArrayList<>();
    List<CompletableFuture<Integer>> cutOff = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        DimseTestClient dripper = new DimseTestClient(scp.port(), "CT01", "NOTARY", CT);
        drippers.add(dripper);
        byte[] ct = DicomTestFiles.ct(1700 + i, 16, 16, 1, "1.2.3.17", i + 1);
        String instance = DicomTestFiles.scan(ct).header().value(0x00080018);
        byte[] dataSet = DimseTestClient.dataSetOf(ct);
        dripper.beginDataSet(CT, instance, dataSet.length);
        cutOff.add(CompletableFuture.supplyAsync(() -> drip(dripper, dataSet)));
      }
      await().atMost(BOUND).until(() -> scp.associationsOf("CT01") == 2);

      // A third association of CT01 is refused for now (rejected-transient); MR01 is served.
      assertThatThrownBy(() -> new DimseTestClient(scp.port(), "CT01", "NOTARY", CT).close())
          .hasMessageContaining("PDU type 0x3");
      Dcmtk.Result echo = Dcmtk.exec("echoscu", NO_DELAY, "-aet", "MR01", "-aec", "NOTARY", "127.0.0.1",
          Integer.toString(scp.port()));
      boolean drippersStillConnected = cutOff.stream().noneMatch(CompletableFuture::isDone);

      assertThat(echo.exitCode()).as(echo.output()).isZero();
      assertThat(drippersStillConnected).as("the C-ECHO was answered while both drippers were connected").isTrue();
      for (CompletableFuture<Integer> dripper : cutOff) {
        assertThat(dripper.get(BOUND.toSeconds(), TimeUnit.SECONDS)).as("A-ABORT, or the connection closed")
            .isIn(0x07, -1);
      }
    } finally {
      for (DimseTestClient dripper : drippers) {
        dripper.close();
      }
    }
    await().atMost(BOUND).until(() -> scp.associationsOf("CT01") == 0);
    assertThat(repository.count()).isEqualTo(before);
    try (var staged = Files.list(config.dataDir().resolve("tmp/staging"))) {
      assertThat(staged).isEmpty();
    }
    // Its slots back, CT01 stores again.
    byte[] ct = DicomTestFiles.ct(1710, 16, 16, 1, "1.2.3.17", 3);
    try (DimseTestClient client = new DimseTestClient(scp.port(), "CT01", "NOTARY", CT)) {
      assertThat(client.store(CT, DicomTestFiles.scan(ct).header().value(0x00080018), DimseTestClient.dataSetOf(ct)))
          .isZero();
      client.release();
    }
  }

  @Test
  void peer_that_stays_after_release_is_closed_by_the_artim_timer() throws Exception {
    try (DimseTestClient client = new DimseTestClient(scp.port(), "MR01", "NOTARY", CT)) {
      client.release();

      // Instead of closing, it keeps sending a byte now and then.
      byte[] answer = dripUntilClosed(client.socket());

      assertThat(answer).as("nothing but the rest of the A-RELEASE-RP, then the connection closed").hasSize(9);
    }
  }

  /** Sends the data set a byte every 200 ms until the notary answers or closes; the PDU type it sent, or -1. */
  private static int drip(DimseTestClient dripper, byte[] dataSet) {
    long giveUp = System.nanoTime() + BOUND.toNanos() * 2;
    try {
      for (int i = 0; i < dataSet.length && System.nanoTime() < giveUp; i++) {
        dripper.writeRaw(new byte[] {dataSet[i]});
        Thread.sleep(200); // pacing the drip, not waiting for the service
      }
      return dripper.nextPduType();
    } catch (SocketException e) {
      return -1;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -2;
    }
  }

  /**
   * Drips a zero byte every 200 ms until the notary closes the connection; what it sent meanwhile.
   * Fails when the connection is still open after {@link #BOUND}.
   */
  private static byte[] dripUntilClosed(Socket socket) throws IOException {
    socket.setSoTimeout(200);
    InputStream in = socket.getInputStream();
    java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    long giveUp = System.nanoTime() + BOUND.toNanos();
    while (System.nanoTime() < giveUp) {
      try {
        socket.getOutputStream().write(0);
      } catch (SocketException e) {
        return received.toByteArray(); // closed (reset) by the notary
      }
      try {
        int b = in.read();
        if (b < 0) {
          return received.toByteArray();
        }
        received.write(b);
      } catch (SocketTimeoutException e) {
        // still open: drip on
      } catch (SocketException e) {
        return received.toByteArray();
      }
    }
    throw new AssertionError("still open after " + BOUND);
  }
}
