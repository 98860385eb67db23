/*
 * Raw transaction load on the notary's Fabric network: the transactions per second the network
 * sustains for our chaincode, straight through the Fabric Gateway (not through the service).
 *
 * Each of <clients> threads submits single-item AnchorEvidence transactions (a fresh random digest
 * and evidence id each) one after another for <seconds>: endorse, submit, wait for the commit
 * status. Counted: transactions committed VALID per second, time from proposal to commit status
 * (p50/p99), blocks they landed in, failures by stage. Connects as the service does
 * (FabricLedger.connect): TLS to the Gateway peer of connection.json's gatewayPeer with its TLS CA
 * and host name override, as its clientIdentity. Reports, never asserts.
 *
 * Usage (the service's own libraries as class path, Java 17 source launcher):
 *   java -cp "notary-service/target/quarkus-app/lib/main/*" scripts/FabricTxLoad.java \
 *       <connection.json> <clients[,clients...]> <seconds> [--batch N[,N...]] [--json FILE]
 *       [--group name=pid,pid ...]
 * Several client counts run one after another on one connection. --batch N sends
 * AnchorEvidenceBatch transactions of N items each (as the service's batched anchoring does)
 * instead of AnchorEvidence, one level per N and client count. --group names processes whose CPU
 * time each level reports (from /proc); --json appends one JSON object per level to FILE.
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

public final class FabricTxLoad {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

  private FabricTxLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: FabricTxLoad <connection.json> <clients[,clients...]> <seconds>"
          + " [--json FILE] [--group name=pid,pid ...]");
      System.exit(2);
    }
    Path profile = Path.of(args[0]);
    List<Integer> levels = new ArrayList<>();
    for (String c : args[1].split(",")) {
      levels.add(Integer.parseInt(c.trim()));
    }
    double seconds = Double.parseDouble(args[2]);
    Path json = null;
    List<Integer> batches = List.of(0);
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (int i = 3; i < args.length; i++) {
      switch (args[i]) {
        case "--json" -> json = Path.of(args[++i]);
        case "--batch" -> {
          batches = new ArrayList<>();
          for (String n : args[++i].split(",")) {
            batches.add(Integer.parseInt(n.trim()));
          }
        }
        case "--group" -> {
          String[] g = args[++i].split("=", 2);
          groups.put(g[0], g.length > 1 && !g[1].isEmpty() ? List.of(g[1].split(",")) : List.of());
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    groups.put("tx load client", List.of(Long.toString(ProcessHandle.current().pid())));

    JsonNode connection = JsonMapper.builder().build().readTree(profile.toFile());
    String gatewayOrg = connection.path("gatewayPeer").asText();
    JsonNode peer = null;
    for (JsonNode p : connection.path("peers")) {
      if (gatewayOrg.equals(p.path("organisation").asText())) {
        peer = p;
      }
    }
    if (peer == null) {
      throw new IllegalArgumentException(profile + " lists no peer of organisation '" + gatewayOrg + "'");
    }
    JsonNode client = connection.path("clientIdentity");

    var credentials = TlsChannelCredentials.newBuilder()
        .trustManager(Path.of(peer.path("tlsCaCertPath").asText()).toFile()).build();
    var builder = Grpc.newChannelBuilder(peer.path("endpoint").asText(), credentials);
    if (peer.hasNonNull("hostnameOverride")) {
      builder.overrideAuthority(peer.path("hostnameOverride").asText());
    }
    ManagedChannel channel = builder.build();
    try (Reader cert = Files.newBufferedReader(Path.of(client.path("certPath").asText()));
        Reader key = Files.newBufferedReader(Path.of(client.path("keyPath").asText()));
        Gateway gateway = Gateway.newInstance()
            .identity(new X509Identity(client.path("mspId").asText(), Identities.readX509Certificate(cert)))
            .signer(Signers.newPrivateKeySigner(Identities.readPrivateKey(key)))
            .hash(Hash.SHA256)
            .connection(channel)
            .endorseOptions(o -> o.withDeadlineAfter(15, TimeUnit.SECONDS))
            .submitOptions(o -> o.withDeadlineAfter(10, TimeUnit.SECONDS))
            .commitStatusOptions(o -> o.withDeadlineAfter(60, TimeUnit.SECONDS))
            .connect()) {
      Contract contract = gateway.getNetwork(connection.path("channel").asText())
          .getContract(connection.path("chaincode").asText());
      runLevel(contract, 2, 0, 3, false, null, Map.of()); // warm up the connection and the JIT
      for (int batch : batches) {
        for (int clients : levels) {
          runLevel(contract, clients, batch, seconds, true, json, groups);
        }
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** What one level of concurrency saw. */
  private static final class Tally {
    final List<Long> latenciesNanos = new ArrayList<>();
    final Set<Long> blocks = new ConcurrentSkipListSet<>();
    final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    final Map<Long, AtomicLong> perSecond = new ConcurrentHashMap<>();
    volatile String firstFailure;

    void fail(String kind, String detail) {
      failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
      if (firstFailure == null) {
        firstFailure = kind + ": " + detail;
      }
    }
  }

  /** One level; {@code batch} 0 sends AnchorEvidence, N > 0 AnchorEvidenceBatch of N items. */
  private static void runLevel(Contract contract, int clients, int batch, double seconds, boolean report, Path json,
      Map<String, List<String>> groups) throws Exception {
    Tally tally = new Tally();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    long[] cpu0 = machineCpu();
    Map<String, Long> ticks0 = groupTicks(groups);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Thread t = new Thread(() -> {
        while (System.nanoTime() < deadline) {
          submitOne(contract, batch, tally, start);
        }
      }, "tx-client-" + i);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] cpu1 = machineCpu();
    Map<String, Long> ticks1 = groupTicks(groups);
    if (!report) {
      return;
    }
    List<Long> sorted;
    synchronized (tally.latenciesNanos) {
      sorted = new ArrayList<>(tally.latenciesNanos);
    }
    sorted.sort(null);
    int valid = sorted.size();
    long failed = tally.failures.values().stream().mapToLong(AtomicLong::get).sum();
    long peak = tally.perSecond.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
    int busyPct = (int) Math.round(100.0 * (cpu1[0] - cpu0[0]) / Math.max(1, cpu1[1] - cpu0[1]));
    String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    Map<String, Double> cpuSeconds = new LinkedHashMap<>();
    double named = 0;
    for (String g : groups.keySet()) {
      double s = (ticks1.get(g) - ticks0.get(g)) / (double) CLOCK_TICKS;
      cpuSeconds.put(g, round1(s));
      named += s;
    }
    cpuSeconds.put("other", Math.max(0, round1((cpu1[0] - cpu0[0]) / (double) CLOCK_TICKS - named)));

    ObjectNode row = JsonMapper.builder().build().createObjectNode();
    row.put("label", batch == 0 ? "fabric tx" : "fabric tx, batch " + batch);
    row.put("clients", clients);
    row.put("items_per_tx", Math.max(1, batch));
    row.put("items_per_second", Math.round(100.0 * valid * Math.max(1, batch) / elapsed) / 100.0);
    row.put("valid", valid);
    row.put("failed", failed);
    row.put("seconds", round1(elapsed));
    row.put("per_second", Math.round(100.0 * valid / elapsed) / 100.0);
    row.put("peak_per_second", peak);
    row.put("p50_ms", millis(percentile(sorted, 50)));
    row.put("p99_ms", millis(percentile(sorted, 99)));
    row.put("blocks", tally.blocks.size());
    row.put("tx_per_block", tally.blocks.isEmpty() ? 0 : Math.round(10.0 * valid / tally.blocks.size()) / 10.0);
    row.put("cpu_busy_pct", busyPct);
    row.put("load1", Double.parseDouble(load));
    ObjectNode cpu = row.putObject("cpu_seconds");
    cpuSeconds.forEach(cpu::put);
    ObjectNode failures = row.putObject("failures");
    new TreeMap<>(tally.failures).forEach((k, v) -> failures.put(k, v.get()));
    if (tally.firstFailure != null) {
      row.put("first_failure", tally.firstFailure);
    }

    StringBuilder cpuText = new StringBuilder();
    cpuSeconds.forEach((k, v) -> cpuText.append(cpuText.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    System.out.printf("%22s %3d clients: %7.2f tx/s VALID = %7.1f items/s (peak %d tx in one second)  p50 %6d ms"
            + "  p99 %6d ms  (%d valid, %d failed, %d blocks, %.1f tx/block; CPU %d%% busy, load %s; CPU s: %s)%n",
        batch == 0 ? "fabric tx (Gateway)" : "fabric tx, " + batch + " items", clients, valid / elapsed,
        valid * Math.max(1, batch) / elapsed, peak, millis(percentile(sorted, 50)),
        millis(percentile(sorted, 99)), valid, failed, tally.blocks.size(),
        row.get("tx_per_block").asDouble(), busyPct, load, cpuText);
    if (tally.firstFailure != null) {
      System.out.println("  first failure: " + tally.firstFailure + " " + tally.failures);
    }
    if (json != null) {
      Files.writeString(json, row.toString() + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  /**
   * One transaction: a single-item anchor with the arguments of NotaryContract.AnchorEvidence, or
   * (batch > 0) AnchorEvidenceBatch with that many requests, as FabricLedger sends them.
   */
  private static void submitOne(Contract contract, int batch, Tally tally, long levelStart) {
    var proposal = batch == 0
        ? contract.newProposal("AnchorEvidence").addArguments(randomHex(), UUID.randomUUID().toString(), randomHex(),
            "", "4096", "application/octet-stream", "")
        : contract.newProposal("AnchorEvidenceBatch").addArguments(batchRequests(batch));
    long t0 = System.nanoTime();
    try {
      SubmittedTransaction submitted = proposal.build().endorse().submitAsync();
      Status status = submitted.getStatus();
      long t1 = System.nanoTime();
      if (status.isSuccessful()) {
        synchronized (tally.latenciesNanos) {
          tally.latenciesNanos.add(t1 - t0);
        }
        tally.blocks.add(status.getBlockNumber());
        tally.perSecond.computeIfAbsent((t1 - levelStart) / 1_000_000_000L, k -> new AtomicLong()).incrementAndGet();
      } else {
        tally.fail("committed " + status.getCode(), "transaction " + status.getTransactionId());
      }
    } catch (EndorseException e) {
      tally.fail("endorse", e.getMessage());
    } catch (SubmitException e) {
      tally.fail("submit", e.getMessage());
    } catch (CommitStatusException e) {
      tally.fail("commit status", e.getMessage());
    } catch (RuntimeException e) {
      tally.fail(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
    }
  }

  private static String batchRequests(int n) {
    var array = JsonMapper.builder().build().createArrayNode();
    for (int i = 0; i < n; i++) {
      array.addObject()
          .put("digest", randomHex())
          .put("evidenceId", UUID.randomUUID().toString())
          .put("statementSha256", randomHex())
          .put("size", 4096)
          .put("mediaType", "application/octet-stream");
    }
    return array.toString();
  }

  private static String randomHex() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int k = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, k)));
  }

  private static long millis(long nanos) {
    return Math.round(nanos / 1e6);
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** {busy, total} jiffies of the whole machine, from /proc/stat. */
  private static long[] machineCpu() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i <= 8 && i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
  }

  private static Map<String, Long> groupTicks(Map<String, List<String>> groups) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    groups.forEach((name, pids) -> ticks.put(name, pids.stream().mapToLong(FabricTxLoad::processTicks).sum()));
    return ticks;
  }

  private static long processTicks(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
