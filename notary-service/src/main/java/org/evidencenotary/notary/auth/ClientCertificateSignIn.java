package org.evidencenotary.notary.auth;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.evidencenotary.notary.identity.IdentityRegistry;

/**
 * Sign-in of a machine client (a modality, a PACS, a batch system) by mutual TLS on the HTTPS
 * port: a request whose TLS client certificate is the one registered for an active identity
 * signs in as {@link Roles#ACQUIRER} with that identity, exactly as a bearer token naming it
 * does, so the identity's key signs its acquisitions.
 *
 * <p>Security: the TLS layer has checked the certificate's chain against its trust store; the
 * registry checks it again against the client CAs and finds the identity by the certificate's
 * fingerprint. A certificate registered for a machine client ({@link MachineClients}) signs in as
 * that client, in its roles (never acquirer or admin). An unregistered certificate signs in as
 * nobody (the request stays anonymous).
 */
@ApplicationScoped
public class ClientCertificateSignIn {
  @Inject IdentityRegistry identities;
  @Inject MachineClients machines;

  /** The identity behind the request's TLS client certificate, if it is registered. */
  public Optional<SecurityIdentity> identify(RoutingContext context) {
    if (!context.request().isSSL()) {
      return Optional.empty();
    }
    SSLSession session = context.request().sslSession();
    if (session == null) {
      return Optional.empty();
    }
    Certificate[] peer;
    try {
      peer = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty(); // no client certificate: a bearer token may still sign in
    }
    if (peer.length == 0 || !(peer[0] instanceof X509Certificate certificate)) {
      return Optional.empty();
    }
    Optional<SecurityIdentity> enrolled = identities.activeByTlsClientCertificate(certificate)
        .map(identity -> QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal(identity.name()))
            .addRole(Roles.ACQUIRER)
            .addAttribute(TokenIssuer.IDENTITY_CLAIM, identity.id())
            .build());
    if (enrolled.isPresent()) {
      return enrolled;
    }
    // A machine client in a role that signs nothing (an insurer's batch system...).
    return machines.active(certificate).map(client -> QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(client.name()))
        .addRoles(new java.util.HashSet<>(client.roles()))
        .build());
  }
}
