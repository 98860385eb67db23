package org.evidencenotary.notary.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Hyperledger Fabric network for a Quarkus test: {@code network-config/fabric/network.sh
 * up} in a fresh folder under {@code target/} (four BFT orderers, the hospital's, court's and
 * insurer's peers, each organisation's chaincode server), stopped with {@code down} when the test's
 * application stops, and by a shutdown hook should the JVM end first. Supplies the service's
 * {@code notary.ledger.*} settings. Missing Fabric binaries fail the test with the script's
 * message on where to put them.
 *
 * <p>{@link #stopNode} and {@link #startNode} take one node (orderer2, peer0.hospital,
 * chaincode.court, ...) away mid-test and bring it back with its ledger; {@link #peerQuery} runs the
 * real {@code peer} CLI as an organisation's admin.
 */
public class FabricTestResource implements QuarkusTestResourceLifecycleManager {
  private static Path script;
  private static Path runDir;
  private static Thread hook;

  @Override
  public Map<String, String> start() {
    try {
      script = ProjectScripts.find("network-config/fabric/network.sh");
      Path target = Path.of("target").toAbsolutePath();
      Files.createDirectories(target);
      runDir = Files.createTempDirectory(target, "fabric-");
      hook = new Thread(FabricTestResource::downQuietly, "stop-test-fabric");
      Runtime.getRuntime().addShutdownHook(hook);
      run(600, "up", runDir.toString());
      return Map.of(
          "notary.ledger.kind", "fabric",
          "notary.ledger.fabric.connection-profile", runDir.resolve("connection.json").toString());
    } catch (IOException e) {
      downQuietly();
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    try {
      run(120, "down", runDir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  /** The network's run folder (connection.json, trust/, env/, logs/). */
  public static Path runDir() {
    return runDir;
  }

  /** The network's published trust for the offline verifier: {@code trust/fabric/...}. */
  public static Path trustDir() {
    return runDir.resolve("trust");
  }

  public static void stopNode(String node) throws IOException {
    run(120, "stop-node", node, runDir.toString());
  }

  public static void startNode(String node) throws IOException {
    run(300, "start-node", node, runDir.toString());
  }

  /**
   * {@code peer chaincode query} of the notary chaincode on {@code org}'s peer, as that
   * organisation's admin: the chaincode's answer, or an IOException with the CLI's output.
   */
  public static String peerQuery(String org, String function, String... args) throws IOException {
    StringBuilder json = new StringBuilder("{\"function\":\"").append(function).append("\",\"Args\":[");
    for (int i = 0; i < args.length; i++) {
      json.append(i == 0 ? "" : ",").append('"').append(args[i]).append('"');
    }
    json.append("]}");
    String command = ". '" + runDir.resolve("env/" + org + "-admin.env") + "' && peer chaincode query -C \"$FABRIC_CHANNEL\""
        + " -n notary -c '" + json + "'";
    String env = ". '" + runDir.resolve("env/network.env") + "' && " + command;
    return ProjectScripts.exec(60, List.of("bash", "-c", env)).trim();
  }

  private static void downQuietly() {
    try {
      if (runDir != null) {
        run(120, "down", runDir.toString());
      }
    } catch (IOException | RuntimeException e) {
      // Best effort at JVM exit.
    }
  }

  private static void run(int seconds, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    ProjectScripts.exec(seconds, command);
  }
}
