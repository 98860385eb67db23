package org.evidencenotary.notary.dimse;

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
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;
import org.evidencenotary.format.EvidenceStatement;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.config.ConfigurationException;
import org.evidencenotary.notary.config.DicomConfig;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.config.TransferDeadline;
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
import org.evidencenotary.notary.pki.TlsCredentials;
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
 * <p>Two ports, one code path. On the plain TCP port the calling AE title is only claimed: it is
 * checked against the allow-list and the instance is notarized, but no device signs it. On the TLS
 * port (PS3.15 Annex B, BCP 195; {@link TlsCredentials}) the client certificate must be the one
 * registered for an active device and the calling AE title that device's; then the device's key
 * signs (issue 15: an AE title identifies, it does not authenticate). Security: which device a
 * peer is comes from its certificate alone, never from the AE title it sends.
 *
 * <p>Our own accept loops: bound to the configured address only, TCP_NODELAY on, a bounded number
 * of associations over both ports, the calling AE title checked on the A-ASSOCIATE-RQ (rejected
 * with A-ASSOCIATE-RJ, "calling AE title not recognised"). PixelMed negotiates the
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
   * A-ASSOCIATE-RJ rejected-transient (2), DICOM UL service-provider, presentation related function
   * (3), local-limit-exceeded (2): PS3.8 Table 9-21. Senders retry later.
   */
  private static final byte[] REJECT_LOCAL_LIMIT = {0x03, 0x00, 0, 0, 0, 4, 0x00, 0x02, 0x03, 0x02};
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
  @Inject TlsCredentials tls;

  /** The plain TCP listener (null when disabled) and the TLS listener (null when disabled). */
  private Listener plain;
  private Listener secure;
  private ExecutorService pool;
  private Semaphore slots;
  /** Closes connections whose peer misses its deadline (ConnectionDeadline). */
  private ScheduledExecutorService deadlines;
  private TransferDeadline messageRule;
  /** Associations held per calling AE title (only titles holding one are present). */
  private final Map<String, Integer> perAe = new HashMap<>();
  private Set<String> allowed;
  /** Open connections, each with whether a request is being answered (idle ones are closed first at stop). */
  private final Map<Socket, AtomicBoolean> open = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  /** One listening socket and its accept thread; {@code tls} for the TLS port. */
  private record Listener(ServerSocket server, Thread acceptor, boolean tls) {}

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
    if (scp.port() < 0 || scp.port() > 65535 || scp.tlsPort() < 0 || scp.tlsPort() > 65535
        || scp.maxAssociations() < 1 || scp.maxAssociationsPerAe() < 1) {
      throw new ConfigurationException("notary.dicom.scp.port and tls-port must be 0-65535, and max-associations and"
          + " max-associations-per-ae at least 1");
    }
    for (Map.Entry<String, Duration> timeout : Map.of("artim-timeout", scp.artimTimeout(), "idle-timeout",
        scp.idleTimeout(), "message-timeout", scp.messageTimeout()).entrySet()) {
      if (timeout.getValue().isNegative() || timeout.getValue().isZero()
          || timeout.getValue().toMillis() > Integer.MAX_VALUE) {
        throw new ConfigurationException("notary.dicom.scp." + timeout.getKey() + " must be positive and below 24"
            + " days, found " + timeout.getValue());
      }
    }
    messageRule = new TransferDeadline(scp.messageTimeout(), scp.messageMinRate().asLongValue());
    if (!scp.plainEnabled() && !scp.tlsEnabled()) {
      throw new ConfigurationException("notary.dicom.scp.plain-enabled and tls-enabled are both false: enable one,"
          + " or switch the listener off with notary.dicom.scp.enabled=false");
    }
    removeOldIncomingFolder();
    allowed = Set.copyOf(scp.allowedCallingAeTitles().orElse(List.of()).stream().map(String::strip).toList());
    slots = new Semaphore(scp.maxAssociations());
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "dicom-association");
      t.setDaemon(true);
      return t;
    });
    deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dicom-deadlines");
      t.setDaemon(true);
      return t;
    });
    InetAddress host = InetAddress.getByName(scp.host());
    if (scp.plainEnabled()) {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      try {
        server.bind(new InetSocketAddress(host, scp.port()), 50);
      } catch (IOException e) {
        server.close();
        stop(null);
        throw new ConfigurationException("the DICOM listener cannot bind " + scp.host() + ":" + scp.port() + " ("
            + e.getMessage() + "); set NOTARY_DICOM_PORT (notary.dicom.scp.port) or disable it with"
            + " notary.dicom.scp.enabled=false", e);
      }
      plain = listen(server, false);
      LOG.infof("DICOM storage SCP listening on %s:%d (plain TCP: AE titles claimed, not authenticated; nothing"
          + " signed by a device) as AE title %s", scp.host(), port(), scp.aeTitle());
    }
    if (scp.tlsEnabled()) {
      ServerSocket server;
      try {
        server = tls.serverSocket(new InetSocketAddress(host, scp.tlsPort()), 50);
      } catch (IOException e) {
        stop(null);
        throw new ConfigurationException("the DICOM TLS listener cannot bind " + scp.host() + ":" + scp.tlsPort() + " ("
            + e.getMessage() + "); set notary.dicom.scp.tls-port or disable it with notary.dicom.scp.tls-enabled=false",
            e);
      }
      secure = listen(server, true);
      LOG.infof("DICOM storage SCP listening on %s:%d (TLS, client certificate required: devices sign) as AE title %s",
          scp.host(), tlsPort(), scp.aeTitle());
    }
    if (scp.allowAnyCallingAe()) {
      LOG.warnf("DICOM storage SCP accepts ANY calling AE title on its plain port"
          + " (notary.dicom.scp.allow-any-calling-ae=true); in production accept only enrolled devices");
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
    if (!scp.tlsEnabled()) {
      LOG.warnf("DICOM over TLS is off (notary.dicom.scp.tls-enabled=false): no device signs its C-STOREs, since an"
          + " AE title alone is not authenticated. Enable it and register each modality's TLS client certificate"
          + " (docs/operations.md)");
    } else if (identities.list().stream().noneMatch(i -> i.kind() == SignerIdentity.Kind.DEVICE
        && i.status() == SignerIdentity.Status.ACTIVE && i.tlsClientCertificateSha256() != null)) {
      LOG.warnf("No device signs its C-STOREs yet: a device's key signs only what it sends over DICOM TLS (port %d)"
          + " with the TLS client certificate registered for it. An administrator registers one per modality: PUT"
          + " /api/v1/identities/{id}/tls-client-certificate (the device's certificate from the hospital CA, PEM), or"
          + " POST /api/v1/identities/{id}/tls-client-certificate to have the hospital CA issue it"
          + " (docs/operations.md)",
          tlsPort());
    }
  }

  private Listener listen(ServerSocket server, boolean isTls) {
    Thread acceptor = new Thread(() -> acceptLoop(server, isTls), isTls ? "dicom-tls-accept" : "dicom-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return new Listener(server, acceptor, isTls);
  }

  /**
   * Stops listening, closes idle associations at once and gives C-STOREs in progress {@link
   * #STOP_GRACE} to be answered before their connections are closed as well. Returns once every
   * thread of the listener has ended, so nothing of a stopped service goes on running.
   */
  void stop(@Observes ShutdownEvent event) {
    if (pool == null || stopping) {
      return;
    }
    stopping = true;
    List<Listener> listeners = java.util.stream.Stream.of(plain, secure).filter(java.util.Objects::nonNull).toList();
    for (Listener listener : listeners) {
      try {
        listener.server().close();
      } catch (IOException e) {
        LOG.debugf("closing the DICOM listener: %s", e.getMessage());
      }
      listener.acceptor().interrupt(); // it may be waiting for a free association slot
    }
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
      for (Listener listener : listeners) {
        listener.acceptor().join(STOP_GRACE.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      deadlines.shutdownNow();
    }
  }

  /** The plain TCP port the listener is bound to (the chosen one when configured as 0), or -1 when off. */
  public int port() {
    return plain == null ? -1 : plain.server().getLocalPort();
  }

  /** The TLS port the listener is bound to (the chosen one when configured as 0), or -1 when off. */
  public int tlsPort() {
    return secure == null ? -1 : secure.server().getLocalPort();
  }

  private void acceptLoop(ServerSocket server, boolean isTls) {
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
            associate(socket, isTls);
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

  /**
   * Who is on the other end of an association. Over TLS, the device whose registered client
   * certificate the peer presented (its key signs); over plain TCP nobody: the calling AE title
   * is only claimed.
   */
  private record Peer(SignerIdentity device, String certificateSha256) {
    static final Peer UNAUTHENTICATED = new Peer(null, null);
  }

  private void associate(Socket socket, boolean isTls) {
    DicomConfig.Scp scp = config.scp();
    AtomicBoolean busy = new AtomicBoolean();
    open.put(socket, busy);
    ConnectionDeadline deadline = new ConnectionDeadline(socket, deadlines);
    String slotOf = null;
    try {
      if (stopping) {
        return; // accepted just as the listener stopped
      }
      // ARTIM (PS3.8 9.1.5): the whole A-ASSOCIATE-RQ, after the TLS handshake, within the time.
      deadline.within(scp.artimTimeout(), "A-ASSOCIATE-RQ");
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) scp.idleTimeout().toMillis());
      Peer peer = Peer.UNAUTHENTICATED;
      X509Certificate presented = null;
      if (isTls) {
        presented = handshake((SSLSocket) socket);
        if (presented == null) {
          return;
        }
      }
      byte[] rq = readAssociateRequestStart(socket);
      if (rq == null) {
        return;
      }
      String callingAe = new String(rq, 26, 16, StandardCharsets.US_ASCII).strip();
      if (isTls) {
        peer = authenticated(presented, callingAe, socket);
        if (peer == null) {
          reject(socket);
          return;
        }
      } else {
        Optional<SignerIdentity> device = identities.activeDevice(callingAe);
        if (authenticatesByTls(device)) {
          LOG.warnf("DICOM association from %s rejected: calling AE title '%s' is a device's that authenticates by"
              + " TLS, and this is the plain TCP port", socket.getRemoteSocketAddress(), printable(callingAe));
          reject(socket);
          return;
        } else if (!accepts(callingAe, device)) {
          LOG.warnf("DICOM association from %s rejected: calling AE title '%s' is not allowed",
              socket.getRemoteSocketAddress(), printable(callingAe));
          reject(socket);
          return;
        }
      }
      if (!claimSlot(callingAe)) {
        LOG.warnf("DICOM association from %s rejected (transient, local limit exceeded): calling AE title '%s'"
            + " holds %d associations already, the most one AE title may (notary.dicom.scp.max-associations-per-ae)",
            socket.getRemoteSocketAddress(), printable(callingAe), scp.maxAssociationsPerAe());
        rejectTransient(socket);
        return;
      }
      slotOf = callingAe;
      PeekedSocket peeked = new PeekedSocket(socket, rq);
      // PixelMed negotiates: reads the A-ASSOCIATE-RQ, checks the called AE title (A-ASSOCIATE-RJ
      // when wrong), selects presentation contexts and sends the A-ASSOCIATE-AC. From here on the
      // data transfer phase is ours (DimseConnection).
      Association association = AssociationFactory.createNewAssociation(peeked, scp.aeTitle(), MAX_PDU_LENGTH,
          AssociationFactory.getDefaultReceiveBufferSize(), AssociationFactory.getDefaultSendBufferSize(),
          new StoragePresentationContexts());
      deadline.cancel(); // associated: from here each message has its own deadline, and silence the idle timeout
      socket.setSoTimeout((int) scp.idleTimeout().toMillis());
      DimseConnection dimse = new DimseConnection(socket, new BufferedInputStream(peeked.getInputStream(), 65536),
          socket.getOutputStream(), MAX_PDU_LENGTH, deadline, messageRule, scp.artimTimeout());
      try {
        serve(association, dimse, printable(association.getCallingAETitle()), peer, busy);
      } catch (DimseConnection.AssociationFailedException e) {
        dimse.abort(); // a protocol error, silence or the peer gone: A-ABORT (harmless if it left)
        throw e;
      }
    } catch (Exception e) {
      String missed = deadline.missed();
      if (missed != null) {
        LOG.warnf("DICOM association from %s closed: %s", socket.getRemoteSocketAddress(), missed);
      } else {
        LOG.infof("DICOM association from %s ended: %s", socket.getRemoteSocketAddress(), e.getMessage());
      }
    } finally {
      deadline.cancel();
      open.remove(socket);
      closeQuietly(socket);
      if (slotOf != null) {
        releaseSlot(slotOf);
      }
    }
  }

  /** Takes one of the associations {@code callingAe} may hold; false when it holds all it may. */
  private boolean claimSlot(String callingAe) {
    synchronized (perAe) {
      int held = perAe.getOrDefault(callingAe, 0);
      if (held >= config.scp().maxAssociationsPerAe()) {
        return false;
      }
      perAe.put(callingAe, held + 1);
      return true;
    }
  }

  private void releaseSlot(String callingAe) {
    synchronized (perAe) {
      perAe.computeIfPresent(callingAe, (ae, held) -> held > 1 ? held - 1 : null);
    }
  }

  /** Associations held by {@code callingAe} now (tests: a slot comes back when its association ends). */
  int associationsOf(String callingAe) {
    synchronized (perAe) {
      return perAe.getOrDefault(callingAe, 0);
    }
  }

  /**
   * Answers requests until the peer releases the association, or until the listener stops; {@code
   * busy} is set while a request is being answered.
   */
  private void serve(Association association, DimseConnection dimse, String callingAe, Peer peer, AtomicBoolean busy)
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
        if (!answer(request, association, dimse, callingAe, peer)) {
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
      String callingAe, Peer peer) throws Exception {
    Dimse.Command command = request.command();
    if (command.field() == Dimse.C_ECHO_RQ && !command.hasDataSet()) {
      dimse.send(request.presentationContextId(), Dimse.echoResponse(command));
    } else if (command.field() == Dimse.C_STORE_RQ && command.hasDataSet()) {
      String transferSyntax = transferSyntax(association, request.presentationContextId());
      InputStream dataSet = dimse.dataSet(request);
      Outcome outcome = store(command, transferSyntax, callingAe, peer, dataSet, dimse);
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
  private Outcome store(Dimse.Command command, String transferSyntax, String callingAe, Peer peer,
      InputStream dataSet, DimseConnection dimse) {
    if (!Dimse.isUid(command.sopClassUid()) || !Dimse.isUid(command.sopInstanceUid())) {
      LOG.warnf("C-STORE from %s refused (0xC000): no valid Affected SOP Class or Instance UID", callingAe);
      return new Outcome(Dimse.ERROR_CANNOT_UNDERSTAND, "no valid Affected SOP Class or Instance UID");
    }
    byte[] meta = Dimse.fileMetaInformation(command.sopClassUid(), command.sopInstanceUid(), transferSyntax,
        callingAe);
    try (InputStream part10 = new SequenceInputStream(new ByteArrayInputStream(meta), dataSet)) {
      Submission submission = submission(callingAe, peer);
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
   * What a C-STORE's statement says about its sender. Over TLS the device authenticated by its
   * client certificate signs, and the statement names it as the authenticated submitter; over
   * plain TCP nobody signs and the statement says the AE title was only claimed (issue 15: an AE
   * title identifies, it does not authenticate).
   */
  private static Submission submission(String callingAe, Peer peer) {
    String submitter = "dicom:" + (callingAe.isEmpty() ? "unknown" : callingAe);
    if (peer.device() == null) {
      return new Submission(DicomService.DICOM_MEDIA_TYPE, null, null, "received by DICOM C-STORE over plain TCP from"
          + " calling AE title " + callingAe + " (claimed by the sender, not authenticated)", submitter, null, null);
    }
    // Short (two lines on the certificate): the device is named in submittedBy and by its signature.
    return new Submission(DicomService.DICOM_MEDIA_TYPE, null, null, "authenticated DICOM TLS C-STORE from "
        + callingAe + "; client certificate SHA-256 " + peer.certificateSha256(), submitter, peer.device().id(),
        new EvidenceStatement.SignedIn(peer.device().name(), List.of(Roles.ACQUIRER)));
  }

  /**
   * Completes the TLS handshake (a client certificate from a trusted CA is required); the
   * certificate, or null when the handshake failed (logged; the connection is closed).
   */
  private static X509Certificate handshake(SSLSocket socket) {
    try {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    } catch (IOException | RuntimeException e) {
      LOG.warnf("DICOM TLS connection from %s refused: %s", socket.getRemoteSocketAddress(), e.getMessage());
      return null;
    }
  }

  /**
   * The device a TLS peer is: its client certificate must be registered for an active device,
   * and the calling AE title must be that device's. Null (and a warning) otherwise.
   */
  private Peer authenticated(X509Certificate presented, String callingAe, Socket socket) {
    String subject = printable(presented.getSubjectX500Principal().getName(X500Principal.RFC2253));
    String sha256;
    try {
      sha256 = Sha256.digest(presented.getEncoded()).hex();
    } catch (CertificateEncodingException e) {
      LOG.warnf("DICOM TLS association from %s rejected: its client certificate cannot be encoded",
          socket.getRemoteSocketAddress());
      return null;
    }
    Optional<SignerIdentity> device = identities.activeByTlsClientCertificate(presented)
        .filter(i -> i.kind() == SignerIdentity.Kind.DEVICE);
    if (device.isEmpty()) {
      LOG.warnf("DICOM TLS association from %s (calling AE title '%s') rejected: the client certificate %s (SHA-256"
          + " %s) is not registered for an active device", socket.getRemoteSocketAddress(), printable(callingAe),
          subject, sha256);
      return null;
    }
    if (!callingAe.equals(device.get().aeTitle())) {
      LOG.warnf("DICOM TLS association from %s rejected: calling AE title '%s' is not the AE title %s of the device"
          + " %s whose client certificate was presented", socket.getRemoteSocketAddress(), printable(callingAe),
          device.get().aeTitle(), device.get().id());
      return null;
    }
    return new Peer(device.get(), sha256);
  }

  private static void reject(Socket socket) throws IOException {
    socket.getOutputStream().write(REJECT_CALLING_AE);
    socket.getOutputStream().flush();
  }

  private static void rejectTransient(Socket socket) throws IOException {
    socket.getOutputStream().write(REJECT_LOCAL_LIMIT);
    socket.getOutputStream().flush();
  }

  /**
   * Whether {@code device}, the active device enrolled under a plain association's calling AE
   * title, has a registered TLS client certificate: such a device sends over TLS, so a plain TCP
   * association that names it is someone else claiming its name, and is refused (before the
   * allow-list, which cannot lift this).
   */
  private static boolean authenticatesByTls(Optional<SignerIdentity> device) {
    return device.map(d -> d.tlsClientCertificateSha256() != null).orElse(false);
  }

  /**
   * Whether an association from {@code callingAe} is accepted: the AE title of an enrolled, active
   * device ({@code device}, looked up at every association, so an enrolment or a revocation holds
   * at once), one the configuration names, or any when the configuration says so. An AE title
   * identifies; it does not authenticate (docs/security.md).
   */
  private boolean accepts(String callingAe, Optional<SignerIdentity> device) {
    return config.scp().allowAnyCallingAe() || allowed.contains(callingAe) || device.isPresent();
  }

  private static Outcome refused(int status, String callingAe, String reason) {
    LOG.warnf("C-STORE from %s refused (0x%04X): %s", callingAe, status, reason);
    return new Outcome(status, reason);
  }

  /** The data set must be the instance the command announced (PS3.4 B.2.3, status A900). */
  private static void matches(Dimse.Command command, DicomAttributes attributes) {
    // A data set without the UID is read with a warning (the command names the instance); one with
    // another UID is not the instance announced.
    if (attributes.sopClassUid() != null && !command.sopClassUid().equals(attributes.sopClassUid())) {
      throw new DataSetMismatchException("the data set's SOP Class UID differs from the command's Affected SOP"
          + " Class UID");
    }
    if (attributes.sopInstanceUid() != null && !command.sopInstanceUid().equals(attributes.sopInstanceUid())) {
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
