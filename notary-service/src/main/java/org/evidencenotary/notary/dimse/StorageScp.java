package org.evidencenotary.notary.dimse;

import com.pixelmed.network.AnyExplicitStorePresentationContextSelectionPolicy;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.DicomConfig;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.dicom.DicomAttributes;
import org.evidencenotary.notary.dicom.MalformedDicomException;
import org.evidencenotary.notary.evidence.DicomService;
import org.evidencenotary.notary.evidence.EmptyEvidenceException;
import org.evidencenotary.notary.evidence.EvidenceService;
import org.evidencenotary.notary.evidence.IngestResult;
import org.evidencenotary.notary.evidence.Submission;
import org.evidencenotary.notary.identity.IdentityRegistry;
import org.evidencenotary.notary.identity.InvalidSubmissionException;
import org.evidencenotary.notary.identity.SignerIdentity;
import org.jboss.logging.Logger;

/**
 * The DICOM storage SCP: modalities and PACS send C-STORE (and C-ECHO) here, and every instance is
 * notarized exactly as a REST upload of {@code application/dicom} is. Each C-STORE is answered
 * with Success only after the original is stored and its record durably written (anchoring
 * follows); otherwise with a failure status (PS3.4 B.2.3): 0xC000 Cannot understand for a
 * malformed instance, 0xA900 when the data set is not the instance the command announced, 0xA700
 * Out of Resources when the store, record or signing failed. Nothing of a refused instance is kept,
 * and the association goes on: the next instances are stored as usual.
 *
 * <p>Our own accept loop: bound to the configured address only, TCP_NODELAY on, a bounded number
 * of associations, the calling AE title checked against the allow-list on the A-ASSOCIATE-RQ
 * (rejected with A-ASSOCIATE-RJ, "calling AE title not recognised"). PixelMed negotiates the
 * association (presentation contexts, called AE title); the data transfer phase is ours ({@link
 * DimseConnection}, {@link Dimse}), because PixelMed's storage SCP answers every C-STORE with
 * Success (docs/decisions.md). Data sets stream straight into the store's staging area: no
 * temporary file, no file named after the sender's UIDs.
 */
@ApplicationScoped
public class StorageScp {
  private static final Logger LOG = Logger.getLogger(StorageScp.class);
  private static final byte[] REJECT_CALLING_AE = {0x03, 0x00, 0, 0, 0, 4, 0x00, 0x01, 0x01, 0x03};
  /**
   * The largest P-DATA-TF PDU we accept (announced in A-ASSOCIATE-AC): larger than PixelMed's 16 KiB
   * default, so that big images cross in fewer PDUs; data sets are streamed, never held whole.
   */
  static final int MAX_PDU_LENGTH = 256 * 1024;
  /** How long a stop waits for C-STOREs in progress before it closes their connections too. */
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  @Inject DicomConfig config;
  @Inject NotaryConfig notary;
  @Inject EvidenceService evidence;
  @Inject PacsForwarder forwarder;
  @Inject IdentityRegistry identities;

  private ServerSocket server;
  private ExecutorService pool;
  private Thread acceptor;
  private Semaphore slots;
  private Set<String> allowed;
  /** Open connections, each with whether a request is being answered (idle ones are closed first at stop). */
  private final Map<Socket, AtomicBoolean> open = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  void start(@Observes StartupEvent event) throws IOException {
    DicomConfig.Scp scp = config.scp();
    if (!scp.enabled()) {
      LOG.info("DICOM storage SCP disabled (notary.dicom.scp.enabled=false)");
      return;
    }
    if (!scp.aeTitle().matches("[\\x20-\\x5b\\x5d-\\x7e]{1,16}") || scp.aeTitle().isBlank()) {
      throw new ConfigurationException("notary.dicom.scp.ae-title must be 1 to 16 printable characters without"
          + " backslash, found '" + printable(scp.aeTitle()) + "'");
    }
    if (scp.port() < 0 || scp.port() > 65535 || scp.maxAssociations() < 1) {
      throw new ConfigurationException("notary.dicom.scp.port must be 0-65535 and max-associations at least 1");
    }
    removeOldIncomingFolder();
    allowed = Set.copyOf(scp.allowedCallingAeTitles().orElse(List.of()).stream().map(String::strip).toList());
    server = new ServerSocket();
    server.setReuseAddress(true);
    try {
      server.bind(new InetSocketAddress(InetAddress.getByName(scp.host()), scp.port()), 50);
    } catch (IOException e) {
      server.close();
      throw new ConfigurationException("the DICOM listener cannot bind " + scp.host() + ":" + scp.port() + " ("
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
    if (scp.allowAnyCallingAe()) {
      LOG.warnf("DICOM storage SCP accepts ANY calling AE title (notary.dicom.scp.allow-any-calling-ae=true);"
          + " in production accept only enrolled devices");
    } else {
      List<String> devices = identities.list().stream()
          .filter(i -> i.kind() == SignerIdentity.Kind.DEVICE && i.status() == SignerIdentity.Status.ACTIVE
              && i.aeTitle() != null)
          .map(SignerIdentity::aeTitle).sorted().toList();
      if (devices.isEmpty() && allowed.isEmpty()) {
        LOG.warnf("DICOM storage SCP accepts NO calling AE title yet: it accepts the AE titles of enrolled devices"
            + " (none yet) and those of notary.dicom.scp.allowed-calling-ae-titles (none). An administrator enrols"
            + " each modality: POST /api/v1/identities {\"kind\":\"DEVICE\",\"name\":...,\"aeTitle\":...}");
      } else {
        LOG.infof("DICOM storage SCP accepts the calling AE titles of enrolled devices %s and of the configuration %s",
            devices, allowed);
      }
    }
  }

  /**
   * Stops listening, closes idle associations at once and gives C-STOREs in progress {@link
   * #STOP_GRACE} to be answered before their connections are closed as well. Returns once every
   * thread of the listener has ended, so nothing of a stopped service goes on running.
   */
  void stop(@Observes ShutdownEvent event) {
    if (server == null || stopping) {
      return;
    }
    stopping = true;
    try {
      server.close();
    } catch (IOException e) {
      LOG.debugf("closing the DICOM listener: %s", e.getMessage());
    }
    acceptor.interrupt(); // it may be waiting for a free association slot
    pool.shutdown();
    open.forEach((socket, busy) -> {
      if (!busy.get()) {
        closeQuietly(socket); // waiting for the next request (or none yet): nothing is cut off
      }
    });
    try {
      if (!pool.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warnf("%d DICOM associations still busy %s after shutdown began; closing their connections (the"
            + " senders were not answered and will send again)", open.size(), STOP_GRACE);
        open.keySet().forEach(StorageScp::closeQuietly);
        pool.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
      acceptor.join(STOP_GRACE.toMillis());
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
      try {
        pool.execute(() -> {
          try {
            associate(socket);
          } finally {
            slots.release();
          }
        });
      } catch (RejectedExecutionException e) {
        slots.release(); // stopping
        closeQuietly(socket);
        return;
      }
    }
  }

  private void associate(Socket socket) {
    DicomConfig.Scp scp = config.scp();
    AtomicBoolean busy = new AtomicBoolean();
    open.put(socket, busy);
    try {
      if (stopping) {
        return; // accepted just as the listener stopped
      }
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) scp.idleTimeout().toMillis());
      byte[] rq = readAssociateRequestStart(socket);
      if (rq == null) {
        return;
      }
      String callingAe = new String(rq, 26, 16, StandardCharsets.US_ASCII).strip();
      if (!accepts(callingAe)) {
        LOG.warnf("DICOM association from %s rejected: calling AE title '%s' is not allowed",
            socket.getRemoteSocketAddress(), printable(callingAe));
        socket.getOutputStream().write(REJECT_CALLING_AE);
        socket.getOutputStream().flush();
        return;
      }
      PeekedSocket peeked = new PeekedSocket(socket, rq);
      // PixelMed negotiates: reads the A-ASSOCIATE-RQ, checks the called AE title (A-ASSOCIATE-RJ
      // when wrong), selects presentation contexts and sends the A-ASSOCIATE-AC. From here on the
      // data transfer phase is ours (DimseConnection).
      Association association = AssociationFactory.createNewAssociation(peeked, scp.aeTitle(), MAX_PDU_LENGTH,
          AssociationFactory.getDefaultReceiveBufferSize(), AssociationFactory.getDefaultSendBufferSize(),
          new AnyExplicitStorePresentationContextSelectionPolicy());
      socket.setSoTimeout((int) scp.idleTimeout().toMillis());
      DimseConnection dimse = new DimseConnection(socket, new BufferedInputStream(peeked.getInputStream(), 65536),
          socket.getOutputStream(), MAX_PDU_LENGTH);
      try {
        serve(association, dimse, printable(association.getCallingAETitle()), busy);
      } catch (DimseConnection.AssociationFailedException e) {
        dimse.abort(); // a protocol error, silence or the peer gone: A-ABORT (harmless if it left)
        throw e;
      }
    } catch (Exception e) {
      LOG.infof("DICOM association from %s ended: %s", socket.getRemoteSocketAddress(), e.getMessage());
    } finally {
      open.remove(socket);
      closeQuietly(socket);
    }
  }

  /**
   * Answers requests until the peer releases the association, or until the listener stops; {@code
   * busy} is set while a request is being answered.
   */
  private void serve(Association association, DimseConnection dimse, String callingAe, AtomicBoolean busy)
      throws Exception {
    while (!stopping) {
      DimseConnection.Request request;
      try {
        request = dimse.nextRequest();
      } catch (Dimse.MalformedCommandException e) {
        LOG.warnf("DICOM association from calling AE %s aborted: %s", callingAe, e.getMessage());
        dimse.abort();
        return;
      }
      if (request == null) {
        return; // released
      }
      busy.set(true);
      try {
        if (!answer(request, association, dimse, callingAe)) {
          return;
        }
      } finally {
        busy.set(false);
      }
    }
    LOG.infof("DICOM association from calling AE %s aborted: the service is stopping", callingAe);
    dimse.abort();
  }

  /** Answers one request; false when the association was aborted. */
  private boolean answer(DimseConnection.Request request, Association association, DimseConnection dimse,
      String callingAe) throws Exception {
    Dimse.Command command = request.command();
    if (command.field() == Dimse.C_ECHO_RQ && !command.hasDataSet()) {
      dimse.send(request.presentationContextId(), Dimse.echoResponse(command));
    } else if (command.field() == Dimse.C_STORE_RQ && command.hasDataSet()) {
      String transferSyntax = transferSyntax(association, request.presentationContextId());
      InputStream dataSet = dimse.dataSet(request);
      Outcome outcome = store(command, transferSyntax, callingAe, dataSet, dimse);
      if (dimse.broken()) {
        throw new DimseConnection.AssociationFailedException("data set cut off, nothing kept: " + outcome.comment());
      }
      DimseConnection.drain(dataSet);
      dimse.send(request.presentationContextId(), Dimse.storeResponse(command, outcome.status(), outcome.comment()));
    } else {
      LOG.warnf("DICOM association from calling AE %s aborted: unsupported command 0x%04X", callingAe,
          command.field());
      dimse.abort();
      return false;
    }
    return true;
  }

  /** The transfer syntax accepted for a presentation context; one we did not accept ends the association. */
  private static String transferSyntax(Association association, int context)
      throws DimseConnection.AssociationFailedException {
    String syntax;
    try {
      syntax = association.getTransferSyntaxForPresentationContextID((byte) context);
    } catch (Exception e) {
      syntax = null;
    }
    if (!Dimse.isUid(syntax)) {
      throw new DimseConnection.AssociationFailedException("a message on presentation context " + context
          + ", which was not accepted");
    }
    return syntax;
  }

  /** A C-STORE's status and, for a failure, the reason sent as Error Comment. */
  private record Outcome(int status, String comment) {}

  /**
   * Notarizes one received instance exactly like a REST upload of {@code application/dicom}: the
   * data set streams into the store's staging area behind the file meta information we write. The
   * outcome is Success only once the original is stored and its record written durably.
   */
  private Outcome store(Dimse.Command command, String transferSyntax, String callingAe, InputStream dataSet,
      DimseConnection dimse) {
    if (!Dimse.isUid(command.sopClassUid()) || !Dimse.isUid(command.sopInstanceUid())) {
      LOG.warnf("C-STORE from %s refused (0xC000): no valid Affected SOP Class or Instance UID", callingAe);
      return new Outcome(Dimse.ERROR_CANNOT_UNDERSTAND, "no valid Affected SOP Class or Instance UID");
    }
    byte[] meta = Dimse.fileMetaInformation(command.sopClassUid(), command.sopInstanceUid(), transferSyntax,
        callingAe);
    try (InputStream part10 = new SequenceInputStream(new ByteArrayInputStream(meta), dataSet)) {
      // The device enrolled under the calling AE title signs the acquisition, when there is one.
      String device = identities.activeDevice(callingAe).map(SignerIdentity::id).orElse(null);
      Submission submission = new Submission(DicomService.DICOM_MEDIA_TYPE, null, null,
          "received by DICOM C-STORE from calling AE title " + callingAe,
          "dicom:" + (callingAe.isEmpty() ? "unknown" : callingAe), device, null);
      IngestResult result = evidence.ingest(part10, submission, false, scan -> {
        if (scan.isDicom()) {
          matches(command, DicomAttributes.of(scan.header()));
        }
      });
      LOG.debugf("C-STORE from %s notarized as evidence %s (%s)", callingAe, result.record().id(),
          result.record().status());
      try {
        forwarder.enqueue(result.record()); // durable before Success; sent to the PACS later
      } catch (IOException e) {
        return refused(Dimse.REFUSED_OUT_OF_RESOURCES, callingAe, "notarized as evidence " + result.record().id()
            + " but not queued for the PACS: " + e.getMessage());
      }
      return new Outcome(Dimse.SUCCESS, null);
    } catch (DataSetMismatchException e) {
      return refused(Dimse.ERROR_DATA_SET_DOES_NOT_MATCH, callingAe, e.getMessage());
    } catch (MalformedDicomException | EmptyEvidenceException | InvalidSubmissionException e) {
      return refused(Dimse.ERROR_CANNOT_UNDERSTAND, callingAe, e.getMessage());
    } catch (IOException | RuntimeException e) {
      if (dimse.broken()) {
        return new Outcome(Dimse.REFUSED_OUT_OF_RESOURCES, e.getMessage()); // the sender went away; nobody to answer
      }
      // The store, the record or the signing failed: refused for now, the sender may try again.
      return refused(Dimse.REFUSED_OUT_OF_RESOURCES, callingAe, "not stored: " + e.getMessage());
    }
  }

  /**
   * Whether an association from {@code callingAe} is accepted: the AE title of an enrolled, active
   * device (checked at every association, so an enrolment or a revocation holds at once), one the
   * configuration names, or any when the configuration says so. An AE title identifies; it does
   * not authenticate (docs/security.md).
   */
  private boolean accepts(String callingAe) {
    return config.scp().allowAnyCallingAe() || allowed.contains(callingAe) || identities.activeDevice(callingAe).isPresent();
  }

  private static Outcome refused(int status, String callingAe, String reason) {
    LOG.warnf("C-STORE from %s refused (0x%04X): %s", callingAe, status, reason);
    return new Outcome(status, reason);
  }

  /** The data set must be the instance the command announced (PS3.4 B.2.3, status A900). */
  private static void matches(Dimse.Command command, DicomAttributes attributes) {
    if (!command.sopClassUid().equals(attributes.sopClassUid())) {
      throw new DataSetMismatchException("the data set's SOP Class UID differs from the command's Affected SOP"
          + " Class UID");
    }
    if (!command.sopInstanceUid().equals(attributes.sopInstanceUid())) {
      throw new DataSetMismatchException("the data set's SOP Instance UID differs from the command's Affected SOP"
          + " Instance UID");
    }
  }

  /** The received data set is not the instance its C-STORE-RQ announced. */
  private static final class DataSetMismatchException extends RuntimeException {
    DataSetMismatchException(String message) {
      super(message);
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

  /**
   * Earlier versions let PixelMed write each received instance to {@code data/dicom-incoming}
   * first; instances now stream straight into the store's staging area. Partial files left there
   * by a crash were never acknowledged: delete them and the folder.
   */
  private void removeOldIncomingFolder() throws IOException {
    Path incoming = notary.dataDir().resolve("dicom-incoming");
    if (!Files.isDirectory(incoming)) {
      return;
    }
    try (var leftovers = Files.list(incoming)) {
      for (Path p : (Iterable<Path>) leftovers::iterator) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(incoming);
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
