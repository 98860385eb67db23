package org.evidencenotary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload throughput of the MinIO store against the real {@code mc cp} of the same files, on the
 * same server, as a ratio. A measurement, not a test: run it with
 * {@code mvn -pl storage test -Dtest=MinioThroughputBench -Dnotary.bench=true}; the figures go to
 * standard output and {@code target/minio-throughput.txt}.
 */
@EnabledIfSystemProperty(named = "notary.bench", matches = "true")
class MinioThroughputBench {
  @RegisterExtension static final LocalMinio MINIO = new LocalMinio();

  private static final long MIB = 1024 * 1024;

  @Test
  void upload_throughput_against_mc_cp(@TempDir Path tmp) throws IOException {
    WormStore store =
        EvidenceStores.minio(
            new MinioSettings(
                MINIO.endpoint(),
                MINIO.accessKey(),
                MINIO.secretKey(),
                "bench",
                Duration.ofMinutes(5),
                tmp.resolve("staging")));
    // Warm-up (JIT, connection pool), not measured.
    Path warm = Files.createDirectories(tmp.resolve("warm"));
    for (int i = 0; i < 16; i++) {
      randomFile(warm.resolve("w" + i), MIB);
      try (InputStream in = Files.newInputStream(warm.resolve("w" + i));
          StagedObject staged = store.stage(in, Long.MAX_VALUE)) {
        staged.commit();
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-8s %5s %14s %14s %14s %14s %8s",
        "size", "files", "store MiB/s", "commit MiB/s", "mc cp MiB/s", "mc cp -r MiB/s",
        "ratio"));
    for (long[] run : new long[][] {{1, 32}, {100, 3}}) {
      long size = run[0] * MIB;
      int count = (int) run[1];
      Path ours = Files.createDirectories(tmp.resolve("ours-" + run[0]));
      Path theirs = Files.createDirectories(tmp.resolve("mc-" + run[0]));
      Path theirsBatch = Files.createDirectories(tmp.resolve("mcb-" + run[0]));
      for (int i = 0; i < count; i++) {
        randomFile(ours.resolve("f" + i), size);
        randomFile(theirs.resolve("f" + i), size);
        randomFile(theirsBatch.resolve("f" + i), size);
      }
      long total = size * count;

      long stageAndCommit = 0;
      long commitOnly = 0;
      for (int i = 0; i < count; i++) {
        long t0 = System.nanoTime();
        try (InputStream in = Files.newInputStream(ours.resolve("f" + i));
            StagedObject staged = store.stage(in, Long.MAX_VALUE)) {
          long t1 = System.nanoTime();
          staged.commit();
          long t2 = System.nanoTime();
          stageAndCommit += t2 - t0;
          commitOnly += t2 - t1;
        }
      }
      long mcEach = 0;
      for (int i = 0; i < count; i++) {
        long t0 = System.nanoTime();
        MINIO.mc("cp", "--quiet", theirs.resolve("f" + i).toString(),
            "notary/bench/mc-" + run[0] + "/f" + i);
        mcEach += System.nanoTime() - t0;
      }
      long t0 = System.nanoTime();
      MINIO.mc("cp", "--quiet", "--recursive", theirsBatch + "/", "notary/bench/mcb-" + run[0] + "/");
      long mcBatch = System.nanoTime() - t0;

      double ours1 = mibPerSecond(total, stageAndCommit);
      double commit = mibPerSecond(total, commitOnly);
      double mc = mibPerSecond(total, mcEach);
      double mcb = mibPerSecond(total, mcBatch);
      lines.add(String.format(Locale.ROOT, "%-8s %5d %14.1f %14.1f %14.1f %14.1f %8.2f",
          run[0] + " MiB", count, ours1, commit, mc, mcb, commit / Math.max(mc, mcb)));
    }
    lines.add("store = stage (temp file + SHA-256) and commit; commit = upload only;"
        + " ratio = commit / the faster mc cp");
    lines.forEach(System.out::println);
    Files.write(Path.of("target/minio-throughput.txt"), lines);
    assertThat(lines).hasSize(4);
  }

  private static void randomFile(Path file, long size) throws IOException {
    byte[] buf = new byte[(int) Math.min(size, MIB)];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < size; done += buf.length) {
        ThreadLocalRandom.current().nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, size - done));
      }
    }
  }

  private static double mibPerSecond(long bytes, long nanos) {
    return bytes / (double) MIB / (nanos / 1e9);
  }
}
