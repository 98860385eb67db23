package org.evidencenotary.notary.testing;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A TLS client credential for an enrolled identity, as a modality holds it: its private key, its
 * certificate and the CA to check the notary's server certificate against, in PEM files that
 * DCMTK's {@code storescu +tls} reads. Issued by the running test service's hospital CA through
 * the admin API ({@code POST /api/v1/identities/{id}/tls-client-certificate}), which also
 * registers it on the identity.
 *
 * @param key the private key (PKCS#8 PEM)
 * @param certificate the TLS client certificate (PEM)
 * @param ca the hospital CA chain (PEM)
 * @param sha256 the certificate's SHA-256 as the identity records it
 */
public record DeviceTls(Path key, Path certificate, Path ca, String sha256) {
  /** Issues and registers a credential for {@code identity}, written under {@code dir}. */
  public static DeviceTls issue(String identity, Path dir) throws IOException {
    JsonPath issued = RestAssured.given().header(Fixtures.admin()).contentType("application/json").body("{}")
        .post("/api/v1/identities/" + identity + "/tls-client-certificate").then().statusCode(200).extract().jsonPath();
    Path folder = Files.createDirectories(dir.resolve("tls-" + identity + "-" + System.nanoTime()));
    return new DeviceTls(Files.writeString(folder.resolve("key.pem"), issued.getString("privateKey")),
        Files.writeString(folder.resolve("cert.pem"), issued.getString("certificate")),
        Files.writeString(folder.resolve("ca.pem"), issued.getString("caCertificates")),
        issued.getString("identity.tlsClientCertificateSha256"));
  }

  /**
   * The arguments that make storescu (or echoscu) speak DICOM over TLS with this credential and
   * check the notary's certificate against the hospital CA, followed by {@code more}.
   */
  public List<String> dcmtkArgs(String... more) {
    List<String> args = new ArrayList<>(List.of("+tls", key.toString(), certificate.toString(), "+cf", ca.toString()));
    args.addAll(List.of(more));
    return args;
  }

  /** {@link #dcmtkArgs} as an array, for {@code Dcmtk.exec}. */
  public String[] dcmtk(String... more) {
    return dcmtkArgs(more).toArray(new String[0]);
  }
}
