package org.evidencenotary.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.evidencenotary.format.Verdict;
import org.junit.jupiter.api.Test;

class SeriesComparisonTest {
  private static final HexFormat HEX = HexFormat.of();

  private static List<String> digests(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(ProofChecks.sha256Hex(new byte[] {(byte) i}));
    }
    out.sort(null);
    return out;
  }

  private static ObjectNode manifest(List<String> shas) {
    ObjectNode m = ProofChecks.JSON.createObjectNode();
    m.put("version", 1).put("seriesInstanceUidHash", "ab".repeat(32));
    var members = m.putArray("members");
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < shas.size(); i++) {
      members.addObject().put("evidenceId", "id-" + i).put("sha256", shas.get(i));
      leaves.add(HEX.parseHex(shas.get(i)));
    }
    m.put("merkleRoot", HEX.formatHex(MerkleTree.of(leaves).root()));
    return m;
  }

  private static Map<String, String> files(List<String> shas) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < shas.size(); i++) {
      files.put("slice-" + i + ".dcm", shas.get(i));
    }
    return files;
  }

  @Test
  void exactly_the_manifests_files_are_complete() {
    List<String> shas = digests(12);
    assertThat(SeriesComparison.compare(files(shas), manifest(shas)).outcome()).isEqualTo(Verdict.AUTHENTIC);
  }

  @Test
  void a_removed_and_an_added_slice_are_each_named() {
    List<String> shas = digests(12);
    Map<String, String> files = files(shas);
    files.remove("slice-3.dcm");
    files.put("extra.dcm", ProofChecks.sha256Hex(new byte[] {99}));

    Report report = SeriesComparison.compare(files, manifest(shas));

    assertThat(report.outcome()).isEqualTo(Verdict.MODIFIED);
    assertThat(report.summary()).contains("1 missing, 1 added");
    assertThat(report.checks().get(1).detail()).contains("evidence id-3").contains("extra.dcm");
  }

  @Test
  void a_manifest_whose_members_were_edited_does_not_rebuild_its_root() {
    List<String> shas = digests(12);
    ObjectNode m = manifest(shas);
    ((ObjectNode) m.path("members").get(0)).put("sha256", "00".repeat(32));

    Report report = SeriesComparison.compare(files(shas), m);

    assertThat(report.outcome()).isEqualTo(Verdict.UNVERIFIABLE);
    assertThat(report.checks().get(0).detail()).contains("the manifest was changed");
  }
}
