package org.evidencenotary.notary.api;

import io.vertx.core.http.HttpClosedException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * Tells, from an exception raised while a request body was read, whether the read timed out or the
 * client went away, by the exception types the HTTP layer raises (its blocking request stream
 * reports a read timeout as an {@code IOException} "Read timed out", with no type of its own).
 */
final class RequestReadFailure {
  /** The message of Quarkus REST's request stream when {@code quarkus.http.read-timeout} passes. */
  private static final String VERTX_READ_TIMEOUT = "Read timed out";

  private RequestReadFailure() {}

  static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedIOException || t instanceof TimeoutException
          || t instanceof io.netty.handler.timeout.TimeoutException
          || t instanceof java.io.IOException && VERTX_READ_TIMEOUT.equals(t.getMessage())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  static boolean clientWentAway(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ClosedChannelException || t instanceof HttpClosedException
          || t instanceof java.io.EOFException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
