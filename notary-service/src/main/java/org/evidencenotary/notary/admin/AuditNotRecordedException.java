package org.evidencenotary.notary.admin;

/**
 * An administrative action's audit entry could not be written, so the action is not answered: a
 * token is not handed out, and the caller is told to retry.
 */
public final class AuditNotRecordedException extends RuntimeException {
  public AuditNotRecordedException(AdminAudit.Action action, Throwable cause) {
    super("the audit entry of " + action + " could not be written: " + cause.getMessage(), cause);
  }
}
