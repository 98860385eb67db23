package org.evidencenotary.notary.dicom;

import com.pixelmed.dicom.StoredFilePathStrategy;
import com.pixelmed.network.AnyExplicitStorePresentationContextSelectionPolicy;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.ReceivedObjectHandler;
import com.pixelmed.network.StorageSOPClassSCP;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.evidencenotary.notary.config.DicomConfig;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.evidence.EvidenceService;
import org.evidencenotary.notary.evidence.IngestResult;
import org.evidencenotary.notary.evidence.Submission;
import org.evidencenotary.notary.identity.SignerIdentity;
import org.jboss.logging.Logger;

/**
 * The DICOM storage SCP: modalities and PACS send C-STORE (and C-ECHO) here, and every instance is
 * notarized exactly as a REST upload of {@code application/dicom} is. The sender's C-STORE is
 * answered only after the notarization is durably recorded; when it is not (malformed instance,
 * store or record failure) the association is aborted, so the sender never sees Success for an
 * instance that was not kept.
 *
 * <p>Own accept loop around PixelMed's {@link StorageSOPClassSCP} (one association each): bound to
 * the configured address only, TCP_NODELAY on, a bounded number of associations, the calling AE
 * title checked against the allow-list on the A-ASSOCIATE-RQ before PixelMed sees it (rejected
 * with A-ASSOCIATE-RJ, "calling AE title not recognised"), received files named by us (never by the
 * sender's UIDs) and deleted once notarized.
 */
@ApplicationScoped
public class StorageScp {
  private static final Logger LOG = Logger.getLogger(StorageScp.class);
  private static final byte[] REJECT_CALLING_AE = {0x03, 0x00, 0, 0, 0, 4, 0x00, 0x01, 0x01, 0x03};
  /** A-ABORT from the service provider (PS3.8 9.3.8), reason not specified. */
  private static final byte[] ABORT = {0x07, 0x00, 0, 0, 0, 4, 0x00, 0x00, 0x02, 0x00};

  @Inject DicomConfig config;
  @Inject NotaryConfig notary;
  @Inject EvidenceService evidence;
  @Inject org.evidencenotary.notary.identity.IdentityRegistry identities;

  private ServerSocket server;
  private ExecutorService pool;
  private Thread acceptor;
  private Semaphore slots;
  private Path incoming;
  private Set<String> allowed;

  void start(@Observes StartupEvent event) throws IOException {
    DicomConfig.Scp scp = config.scp();
    if (!scp.enabled()) {
      LOG.info("DICOM storage SCP disabled (notary.dicom.scp.enabled=false)");
      return;
    }
    if (!scp.aeTitle().matches("[\\x20-\\x5b\\x5d-\\x7e]{1,16}") || scp.aeTitle().isBlank()) {
      throw new IllegalStateException("notary.dicom.scp.ae-title must be 1 to 16 printable characters without"
          + " backslash, found '" + printable(scp.aeTitle()) + "'");
    }
    if (scp.port() < 0 || scp.port() > 65535 || scp.maxAssociations() < 1) {
      throw new IllegalStateException("notary.dicom.scp.port must be 0-65535 and max-associations at least 1");
    }
    shortenAssociationLinger();
    incoming = notary.dataDir().resolve("dicom-incoming");
    Files.createDirectories(incoming);
    try (var leftovers = Files.list(incoming)) {
      for (Path p : (Iterable<Path>) leftovers::iterator) {
        Files.deleteIfExists(p); // partial transfers from before a crash were never acknowledged
      }
    }
    allowed = Set.copyOf(scp.allowedCallingAeTitles().orElse(List.of()).stream().map(String::strip).toList());
    server = new ServerSocket();
    server.setReuseAddress(true);
    try {
      server.bind(new InetSocketAddress(InetAddress.getByName(scp.host()), scp.port()), 50);
    } catch (IOException e) {
      server.close();
      throw new IllegalStateException("the DICOM listener cannot bind " + scp.host() + ":" + scp.port() + " ("
          + e.getMessage() + "); set NOTARY_DICOM_PORT (notary.dicom.scp.port) or disable it with"
          + " notary.dicom.scp.enabled=false", e);
    }
    slots = new Semaphore(scp.maxAssociations());
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "dicom-association");
      t.setDaemon(true);
      return t;
    });
    acceptor = new Thread(this::acceptLoop, "dicom-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    LOG.infof("DICOM storage SCP listening on %s:%d as AE title %s", scp.host(), port(), scp.aeTitle());
    if (allowed.isEmpty()) {
      LOG.warnf("DICOM storage SCP accepts ANY calling AE title (notary.dicom.scp.allowed-calling-ae-titles is"
          + " empty); set it to the modalities' AE titles in production");
    } else {
      LOG.infof("DICOM storage SCP accepts calling AE titles %s", allowed);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    if (server == null) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      LOG.debugf("closing the DICOM listener: %s", e.getMessage());
    }
    pool.shutdown();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The port the listener is bound to (the chosen one when configured as 0). */
  public int port() {
    return server == null ? -1 : server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.warnf("DICOM accept failed: %s", e.getMessage());
        }
        continue;
      }
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeQuietly(socket);
        return;
      }
      pool.execute(() -> {
        try {
          associate(socket);
        } finally {
          slots.release();
        }
      });
    }
  }

  private void associate(Socket socket) {
    DicomConfig.Scp scp = config.scp();
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) scp.idleTimeout().toMillis());
      byte[] rq = readAssociateRequestStart(socket);
      if (rq == null) {
        closeQuietly(socket);
        return;
      }
      String callingAe = new String(rq, 26, 16, StandardCharsets.US_ASCII).strip();
      if (!allowed.isEmpty() && !allowed.contains(callingAe)) {
        LOG.warnf("DICOM association from %s rejected: calling AE title '%s' is not allowed",
            socket.getRemoteSocketAddress(), printable(callingAe));
        socket.getOutputStream().write(REJECT_CALLING_AE);
        socket.getOutputStream().flush();
        closeQuietly(socket);
        return;
      }
      new StorageSOPClassSCP(new PeekedSocket(socket, rq), scp.aeTitle(),
          AssociationFactory.getDefaultMaximumLengthReceived(), AssociationFactory.getDefaultReceiveBufferSize(),
          AssociationFactory.getDefaultSendBufferSize(), incoming.toFile(), new RandomNames(), new Notarizer(socket),
          null, null, null, null, new AnyExplicitStorePresentationContextSelectionPolicy()).run();
    } catch (Exception e) {
      LOG.infof("DICOM association from %s ended: %s", socket.getRemoteSocketAddress(), e.getMessage());
      closeQuietly(socket);
    }
  }

  /** The first 42 bytes of an A-ASSOCIATE-RQ (PS3.8 9.3.2), or null when the peer sent something else. */
  private static byte[] readAssociateRequestStart(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] rq = in.readNBytes(42);
    if (rq.length < 42 || rq[0] != 0x01) {
      LOG.infof("DICOM connection from %s did not open with an A-ASSOCIATE-RQ; closed", socket.getRemoteSocketAddress());
      return null;
    }
    return rq;
  }

  /** Notarizes each received instance; an exception makes PixelMed abort the association. */
  private final class Notarizer extends ReceivedObjectHandler {
    private final Socket socket;

    Notarizer(Socket socket) {
      this.socket = socket;
    }

    @Override
    public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAe)
        throws DicomNetworkException, IOException {
      Path file = Path.of(fileName);
      try (InputStream in = Files.newInputStream(file)) {
        String ae = printable(callingAe == null ? "" : callingAe.strip());
        // The device enrolled under the calling AE title signs the acquisition, when there is one.
        String device = identities.activeDevice(ae).map(SignerIdentity::id).orElse(null);
        Submission submission = new Submission(DicomService.DICOM_MEDIA_TYPE, null, null,
            "received by DICOM C-STORE from calling AE title " + ae, "dicom:" + (ae.isEmpty() ? "unknown" : ae), device);
        IngestResult result = evidence.ingest(in, submission, false); // durable; anchoring follows
        LOG.debugf("C-STORE from %s notarized as evidence %s (%s)", ae, result.record().id(), result.record().status());
      } catch (RuntimeException e) {
        LOG.warnf("C-STORE refused, association aborted: %s", e.getMessage());
        // Remove the received file before the sender learns of the refusal, so nothing of it is
        // left once it has (the test saw the file still there just after storescu returned).
        Files.deleteIfExists(file);
        // PixelMed would answer Success whatever happens, and on an exception here it leaves the
        // sender waiting: abort the association ourselves so the sender learns at once.
        try {
          socket.getOutputStream().write(ABORT);
          socket.getOutputStream().flush();
        } catch (IOException ignored) {
          // the connection is being closed anyway
        }
        closeQuietly(socket);
        throw new DicomNetworkException("instance not notarized: " + e.getMessage());
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Names received files ourselves: the sender's SOP Instance UID never becomes a path. */
  private static final class RandomNames extends StoredFilePathStrategy {
    @Override
    public String makeStoredFilePath(String sopInstanceUid) {
      return "received-" + UUID.randomUUID() + ".dcm";
    }

    @Override
    public File makeStoredFilePath(File folder, String sopInstanceUid) {
      return new File(folder, makeStoredFilePath(sopInstanceUid));
    }

    @Override
    public File makeReliableStoredFilePathWithFoldersCreated(File folder, String sopInstanceUid) {
      return makeStoredFilePath(folder, sopInstanceUid);
    }

    @Override
    public File makeReliableStoredFilePathWithFoldersCreated(File folder, String sopInstanceUid, String sopClassUid) {
      return makeStoredFilePath(folder, sopInstanceUid);
    }
  }

  /**
   * PixelMed waits 5 s after every A-RELEASE before closing the connection (a private static field
   * without setter); 20 ms keeps connections from piling up. Never 0, which waits forever.
   */
  private static void shortenAssociationLinger() {
    try {
      var field = Association.class.getDeclaredField("associationReleaseToTransportConnectionCloseTimeoutInMilliseconds");
      field.setAccessible(true);
      field.setInt(null, 20);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warnf("could not shorten PixelMed's 5 s association linger: %s", e.getMessage());
    }
  }

  private static String printable(String s) {
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException | RuntimeException e) {
      // closing after a failure: nothing more to do
    }
  }
}
