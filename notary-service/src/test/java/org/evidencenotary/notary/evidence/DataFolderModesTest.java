package org.evidencenotary.notary.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.evidencenotary.notary.auth.Roles;
import org.evidencenotary.notary.config.NotaryConfig;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.notary.testing.Fixtures;
import org.evidencenotary.storage.OwnerOnlyFiles;
import org.junit.jupiter.api.Test;

/**
 * The data folder, fresh for this run and created by the service itself, holds nothing another
 * account on the machine may read: after notarizations (raw, multipart, DICOM), an enrolment, a
 * certificate and a custody event, every folder is 0700, the originals 0400 and every other file
 * 0600, key stores and the admin token included.
 */
@QuarkusTest
class DataFolderModesTest {
  @Inject NotaryConfig config;

  @Test
  void after_notarizations_every_file_is_owner_only_and_every_folder_0700() throws IOException {
    assertThat(OwnerOnlyFiles.posix()).as("this test needs a POSIX file system").isTrue();
    String technologist = Fixtures.enrol("{\"kind\":\"TECHNOLOGIST\",\"name\":\"RT Modes " + UUID.randomUUID() + "\"}")
        .getString("id");
    java.util.Set<String> own = new java.util.HashSet<>();
    String raw = notarize(own, Api.anonymous().header(Api.signer(technologist)).contentType("application/octet-stream")
        .body(("raw " + UUID.randomUUID()).getBytes()).post("/api/v1/evidence"));
    notarize(own, Api.anonymous().header(Api.as(Roles.ACQUIRER))
        .multiPart("file", "scan.dcm", Fixtures.dicomFromScanner(UUID.randomUUID().getLeastSignificantBits()),
            "application/dicom").post("/api/v1/evidence"));
    Api.given().get("/api/v1/evidence/" + raw + "/certificate.pdf").then().statusCode(200);

    Path data = config.dataDir().toAbsolutePath();
    List<String> wrong = new ArrayList<>();
    List<String> keyStores = new ArrayList<>();
    try (Stream<Path> all = Files.walk(data)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        String name = data.relativize(p).toString();
        String expected = Files.isDirectory(p) ? "rwx------"
            : name.startsWith("objects/sha256/") ? "r--------" : "rw-------";
        // Other test classes share this data folder, and the tamper tests rewrite stored objects on
        // purpose: an object is held to exactly 0400 only when it is one of this test's own, and
        // every other one to owner-only.
        boolean othersObject = name.startsWith("objects/sha256/") && Files.isRegularFile(p)
            && !own.contains(p.getFileName().toString());
        if (othersObject ? !mode.endsWith("------") : !mode.equals(expected)) {
          wrong.add(name + " " + mode + " (expected " + expected + ")");
        }
        if (name.endsWith(".p12")) {
          keyStores.add(name);
        }
      }
    }
    assertThat(wrong).as("files and folders with another mode").isEmpty();
    assertThat(keyStores).as("key stores written").contains("identity/notary.p12", "identity/tsa.p12");
    assertThat(data.resolve("admin-token")).isRegularFile();
    assertThat(data.resolve("records")).isDirectory();
  }

  private static String notarize(java.util.Set<String> own, Response answer) {
    assertThat(answer.statusCode()).as(answer.asString()).isIn(201, 202);
    own.add(answer.jsonPath().getString("sha256"));
    return answer.jsonPath().getString("id");
  }
}
