package org.evidencenotary.notary.portal;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateGlobal;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import org.evidencenotary.notary.auth.Caller;

/** What every portal page's frame ({@code templates/base.html}) needs: who is signed in. */
@TemplateGlobal
public final class PortalGlobals {
  private PortalGlobals() {}

  /**
   * The visitor of the page being rendered; {@link Visitor#ANONYMOUS} outside a request, and when
   * the sign-in cookie no longer signs in (expired, revoked): a page that needs no sign-in is then
   * shown as to anyone, and one that needs it refuses it on its own.
   */
  static Visitor visitor() {
    if (!Arc.container().requestContext().isActive()) {
      return Visitor.ANONYMOUS;
    }
    try {
      return Visitor.of(Caller.of(Arc.container().instance(CurrentIdentityAssociation.class).get().getIdentity()));
    } catch (RuntimeException e) {
      // An expired or revoked cookie, or a page rendered where sign-in cannot be awaited.
      return Visitor.ANONYMOUS;
    }
  }
}
