package org.evidencenotary.notary.dimse;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.evidencenotary.notary.config.TransferDeadline;

/**
 * The one deadline a DICOM connection is under at a time, kept by a timer thread: when it passes,
 * the socket is closed, so that the association's thread, blocked in a read, fails at once. A
 * socket's own read timeout cannot do this: it restarts with every byte, and a peer sending one
 * byte every few seconds would hold its association slot for ever.
 *
 * <p>Either a fixed time ({@link #within}, the ARTIM timer of PS3.8 9.1.5) or a {@link
 * TransferDeadline} over the bytes received since the deadline was set ({@link #transfer}).
 * Setting a deadline replaces the one before; {@link #cancel} leaves the connection under none.
 * Once a deadline has passed, {@link #missed} says which.
 */
final class ConnectionDeadline {
  private final Socket socket;
  private final ScheduledExecutorService timer;
  /** Counts every deadline set, so that a check of a replaced one does nothing. */
  private long generation;
  private ScheduledFuture<?> pending;
  private volatile String missed;

  ConnectionDeadline(Socket socket, ScheduledExecutorService timer) {
    this.socket = socket;
    this.timer = timer;
  }

  /** Closes the connection {@code limit} from now unless another deadline is set first; {@code what} names it. */
  synchronized void within(Duration limit, String what) {
    long mine = replace();
    schedule(mine, limit.toNanos(), () -> expire(mine, what + " not within " + seconds(limit.toNanos())));
  }

  /**
   * Closes the connection once {@code rule}'s deadline passes for the bytes {@code received}
   * (a running count) has grown by since now, unless another deadline is set first.
   */
  synchronized void transfer(TransferDeadline rule, LongSupplier received, String what) {
    long mine = replace();
    long start = System.nanoTime();
    long base = received.getAsLong();
    schedule(mine, rule.allowedNanos(0), () -> check(mine, rule, received, base, start, what));
  }

  /** No deadline from now on (until the next one is set). */
  synchronized void cancel() {
    replace();
  }

  /** Why the connection was closed, or null while no deadline has passed. */
  String missed() {
    return missed;
  }

  private synchronized void check(long mine, TransferDeadline rule, LongSupplier received, long base, long start,
      String what) {
    if (mine != generation) {
      return;
    }
    long bytes = received.getAsLong() - base;
    long elapsed = System.nanoTime() - start;
    long allowed = rule.allowedNanos(bytes);
    if (elapsed < allowed) {
      schedule(mine, allowed - elapsed, () -> check(mine, rule, received, base, start, what));
      return;
    }
    expire(mine, what + " too slow: " + bytes + " bytes in " + seconds(elapsed) + " (allowed: " + rule.describe()
        + ")");
  }

  private synchronized void expire(long mine, String reason) {
    if (mine != generation) {
      return;
    }
    missed = reason;
    try {
      socket.close();
    } catch (IOException e) {
      // closed already
    }
  }

  private long replace() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
    return ++generation;
  }

  private void schedule(long mine, long nanos, Runnable task) {
    try {
      pending = timer.schedule(task, Math.max(1, nanos), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      expire(mine, "the listener is stopping"); // the timer has stopped: nothing may wait unbounded
    }
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}
