package org.evidencenotary.notary.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the service reaches the Fabric network, read from the connection file that {@code
 * network-config/fabric/network.sh up} writes ({@code connection.json}).
 *
 * @param channel the application channel
 * @param chaincode the notary's chaincode on it
 * @param peerEndpoint the Gateway peer of the notary's own organisation, {@code host:port}
 * @param peerHostName the host name its TLS certificate names
 * @param peerTlsCa its TLS CA certificate (PEM file)
 * @param mspId the client identity's organisation
 * @param certificate the client identity's certificate (PEM file)
 * @param privateKey the client identity's private key (PKCS#8 PEM file)
 * @param trustDir the network's published trust (a folder holding {@code fabric/network.json}),
 *     against which the service checks Fabric blocks as the offline verifier does
 */
public record FabricConnection(
    String channel,
    String chaincode,
    String peerEndpoint,
    String peerHostName,
    Path peerTlsCa,
    String mspId,
    Path certificate,
    Path privateKey,
    Path trustDir) {

  public FabricConnection {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(chaincode, "chaincode");
    Objects.requireNonNull(peerEndpoint, "peerEndpoint");
    Objects.requireNonNull(peerTlsCa, "peerTlsCa");
    Objects.requireNonNull(mspId, "mspId");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(trustDir, "trustDir");
  }

  /**
   * Reads {@code file}: the Gateway peer is the one of {@code gatewayPeer}'s organisation, the
   * client identity {@code clientIdentity}.
   *
   * @throws LedgerConfigurationException when the file is missing or lacks what is needed
   */
  public static FabricConnection read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new LedgerConfigurationException("the Fabric connection file " + file + " does not exist; start the"
          + " network with './notary network up' (it writes network-config/run/connection.json)");
    }
    JsonNode json;
    try {
      json = JsonMapper.builder().build().readTree(file.toFile());
    } catch (IOException e) {
      throw new LedgerConfigurationException("the Fabric connection file " + file + " is not JSON: " + e.getMessage());
    }
    String gatewayOrg = text(json, file, "gatewayPeer");
    JsonNode peer = null;
    for (JsonNode p : json.path("peers")) {
      if (gatewayOrg.equals(p.path("organisation").asText())) {
        peer = p;
      }
    }
    if (peer == null) {
      throw new LedgerConfigurationException(file + " lists no peer of organisation '" + gatewayOrg + "' (gatewayPeer)");
    }
    JsonNode client = json.path("clientIdentity");
    return new FabricConnection(
        text(json, file, "channel"),
        text(json, file, "chaincode"),
        text(peer, file, "endpoint"),
        peer.path("hostnameOverride").asText(null),
        Path.of(text(peer, file, "tlsCaCertPath")),
        text(client, file, "mspId"),
        Path.of(text(client, file, "certPath")),
        Path.of(text(client, file, "keyPath")),
        Path.of(text(json, file, "trustDir")));
  }

  private static String text(JsonNode node, Path file, String field) {
    String value = node.path(field).asText("");
    if (value.isEmpty()) {
      throw new LedgerConfigurationException("the Fabric connection file " + file + " has no '" + field + "'");
    }
    return value;
  }
}
