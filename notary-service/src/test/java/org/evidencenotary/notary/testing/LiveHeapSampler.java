package org.evidencenotary.notary.testing;

import java.lang.management.ManagementFactory;

/**
 * Measures the live heap (used right after a full collection) every 250 ms while a transfer or a
 * copy runs. Code that buffered a large file would show at least the file's size at some sample.
 */
public final class LiveHeapSampler {
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peak;
  private volatile int samples;

  private LiveHeapSampler() {
    thread = new Thread(() -> {
      while (running) {
        peak = Math.max(peak, liveHeap());
        samples++;
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "live-heap-sampler");
    thread.setDaemon(true);
  }

  /** The heap in use after a full collection, in bytes. */
  public static long liveHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Starts sampling. */
  public static LiveHeapSampler start() {
    LiveHeapSampler sampler = new LiveHeapSampler();
    sampler.thread.start();
    return sampler;
  }

  /** Stops sampling; the largest live heap seen. */
  public long stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
    return peak;
  }

  /** How many samples were taken. */
  public int samples() {
    return samples;
  }
}
