package org.evidencenotary.verifier.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a verifier trusts about one Fabric network, read from the trust folder's {@code fabric/}
 * sub-folder, never from the proof:
 *
 * <pre>
 * fabric/network.json         channel, chaincode, endorsement policy, who may anchor,
 *                             block signature policy, and (BFT) the consenters by number
 * fabric/msp/MSPID/*.pem      each organisation's root and intermediate CA certificates
 * </pre>
 *
 * <p>The network's operators publish these files (docs/verifier.md); a court takes them from
 * where it takes the notary's roots.
 *
 * @param channel the application channel the anchors must be on
 * @param chaincode the chaincode (namespace) that must have written them
 * @param endorsementPolicy the chaincode's endorsement policy
 * @param anchoringOrganisations organisations whose clients may submit anchors
 * @param blockSignaturePolicy whose signatures over a block header show it was ordered
 * @param msps each organisation's CA certificates, by MSP id
 * @param consenters BFT consenters by their numeric id (signatures that name only the id)
 */
public record FabricTrust(
    String channel,
    String chaincode,
    SignaturePolicy endorsementPolicy,
    Set<String> anchoringOrganisations,
    SignaturePolicy blockSignaturePolicy,
    Map<String, List<X509Certificate>> msps,
    Map<Integer, Consenter> consenters) {

  public static final String FOLDER = "fabric";
  public static final String NETWORK_FILE = "network.json";

  /** A BFT consenter: its organisation and signing certificate. */
  public record Consenter(String mspId, X509Certificate certificate) {}

  public FabricTrust {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(chaincode, "chaincode");
    Objects.requireNonNull(endorsementPolicy, "endorsementPolicy");
    Objects.requireNonNull(blockSignaturePolicy, "blockSignaturePolicy");
    anchoringOrganisations = Set.copyOf(anchoringOrganisations);
    msps = Map.copyOf(msps);
    consenters = Map.copyOf(consenters);
  }

  /**
   * The Fabric trust in {@code trustDir}, or empty when it holds no {@code fabric/network.json}.
   *
   * @throws IOException when the files are there but do not make sense; the message says what
   */
  public static Optional<FabricTrust> load(Path trustDir) throws IOException {
    Path folder = trustDir.resolve(FOLDER);
    Path network = folder.resolve(NETWORK_FILE);
    if (!Files.isRegularFile(network)) {
      return Optional.empty();
    }
    JsonNode json;
    try {
      json = JsonMapper.builder().build().readTree(network.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(network + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    try {
      Map<String, List<X509Certificate>> msps = new TreeMap<>();
      Path mspRoot = folder.resolve("msp");
      if (Files.isDirectory(mspRoot)) {
        try (var dirs = Files.list(mspRoot)) {
          for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
            msps.put(dir.getFileName().toString(), pems(dir));
          }
        }
      }
      if (msps.isEmpty()) {
        throw new IOException("no organisation CA certificates in " + FOLDER + "/msp/MSPID/*.pem");
      }
      Map<Integer, Consenter> consenters = new TreeMap<>();
      for (JsonNode c : json.path("consenters")) {
        List<X509Certificate> certs = read(folder.resolve(required(c, "certificate")));
        if (certs.size() != 1) {
          throw new IOException("consenter " + c.path("id") + " needs exactly one certificate");
        }
        consenters.put(c.path("id").asInt(), new Consenter(required(c, "mspId"), certs.get(0)));
      }
      Set<String> anchoring = new LinkedHashSet<>();
      json.path("anchoringOrganisations").forEach(o -> anchoring.add(o.asText()));
      if (anchoring.isEmpty()) {
        throw new IOException("anchoringOrganisations is empty");
      }
      return Optional.of(new FabricTrust(
          required(json, "channel"),
          required(json, "chaincode"),
          SignaturePolicy.parse(required(json, "endorsementPolicy")),
          anchoring,
          SignaturePolicy.parse(required(json, "blockSignaturePolicy")),
          msps,
          consenters));
    } catch (IllegalArgumentException | CertificateException e) {
      throw new IOException(network + ": " + e.getMessage(), e);
    }
  }

  private static String required(JsonNode json, String field) throws IOException {
    String value = json.path(field).asText("");
    if (value.isBlank()) {
      throw new IOException("'" + field + "' is missing");
    }
    return value;
  }

  private static List<X509Certificate> pems(Path dir) throws IOException, CertificateException {
    List<X509Certificate> out = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".pem")).sorted().toList()) {
        out.addAll(read(file));
      }
    }
    return out;
  }

  private static List<X509Certificate> read(Path file) throws IOException, CertificateException {
    List<X509Certificate> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> out.add((X509Certificate) c));
    }
    return out;
  }
}
