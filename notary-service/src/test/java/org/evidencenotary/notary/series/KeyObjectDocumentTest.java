package org.evidencenotary.notary.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencenotary.notary.series.KosReading.read;
import static org.evidencenotary.notary.series.KosReading.tag;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.evidencenotary.format.Sha256;
import org.evidencenotary.notary.dicom.PixelDataMac;
import org.evidencenotary.notary.ledger.AnchorLocation;
import org.evidencenotary.verifier.MerkleTree;
import org.junit.jupiter.api.Test;

/** The unsigned Key Object Selection Document of a series manifest, read back with PixelMed. */
class KeyObjectDocumentTest {
  private static final String STUDY = "1.2.826.0.1.3680043.10.1.99.1";
  private static final String SERIES = "1.2.826.0.1.3680043.10.1.99.7.1";
  private static final String CT = "1.2.840.10008.5.1.4.1.1.2";


  private static List<KeyObjectDocument.Instance> instances(int n) {
    List<KeyObjectDocument.Instance> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String file = Sha256.digest(("file " + i).getBytes()).hex();
      PixelDataMac.Result mac = new PixelDataMac.Result("1.2.840.10008.1.2.1",
          Sha256.digest(("pixel element " + i).getBytes()).bytes(), Sha256.digest(("pixels " + i).getBytes()).hex());
      list.add(new KeyObjectDocument.Instance(CT, "1.2.3.4." + i, STUDY, SERIES, file, true, mac));
    }
    list.sort(Comparator.comparing(KeyObjectDocument.Instance::fileSha256));
    return list;
  }

  /** An anchored manifest of {@code instances}, in their order, with their Merkle root. */
  static SeriesManifest manifest(List<KeyObjectDocument.Instance> instances) {
    List<SeriesManifest.Member> members = IntStream.range(0, instances.size())
        .mapToObj(i -> new SeriesManifest.Member("evidence-" + i, instances.get(i).fileSha256())).toList();
    String root = HexFormat.of().formatHex(MerkleTree.of(
        instances.stream().map(i -> HexFormat.of().parseHex(i.fileSha256())).toList()).root());
    return new SeriesManifest(SeriesManifest.FORMAT, "ab".repeat(32), "cd".repeat(32), "CT", 2,
        "2026-11-25T10:00:00Z", SeriesManifest.LEAF_ORDER, members, root, "ef".repeat(32),
        SeriesManifest.Status.ANCHORED,
        new AnchorLocation("embedded", "evidence", 42, "tx-42", "12".repeat(32), "34".repeat(32),
            "2026-11-25T10:00:01.250Z"), "HospitalMSP");
  }


  @Test
  void every_instance_is_referenced_with_the_mac_of_its_pixel_data() throws Exception {
    List<KeyObjectDocument.Instance> instances = instances(5);

    AttributeList kos = read(KeyObjectDocument.build(manifest(instances), instances));

    assertThat(Attribute.getSingleStringValueOrEmptyString(kos, tag(0x00080016)))
        .isEqualTo("1.2.840.10008.5.1.4.1.1.88.59");
    assertThat(Attribute.getSingleStringValueOrEmptyString(kos, tag(0x00080060))).isEqualTo("KO");
    SequenceAttribute evidence = (SequenceAttribute) kos.get(tag(0x0040A375));
    assertThat(evidence.getNumberOfItems()).isEqualTo(1);
    AttributeList study = evidence.getItem(0).getAttributeList();
    assertThat(Attribute.getSingleStringValueOrEmptyString(study, tag(0x0020000D))).isEqualTo(STUDY);
    SequenceAttribute series = (SequenceAttribute) study.get(tag(0x00081115));
    assertThat(series.getNumberOfItems()).isEqualTo(1);
    SequenceAttribute sops = (SequenceAttribute) series.getItem(0).getAttributeList().get(tag(0x00081199));
    assertThat(sops.getNumberOfItems()).isEqualTo(5);
    for (int i = 0; i < 5; i++) {
      AttributeList sop = sops.getItem(i).getAttributeList();
      KeyObjectDocument.Instance expected = instances.get(i);
      assertThat(Attribute.getSingleStringValueOrEmptyString(sop, tag(0x00081150))).isEqualTo(CT);
      assertThat(Attribute.getSingleStringValueOrEmptyString(sop, tag(0x00081155)))
          .isEqualTo(expected.sopInstanceUid());
      AttributeList mac = SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(sop, tag(0x04000403));
      assertThat(Attribute.getSingleStringValueOrEmptyString(mac, tag(0x04000015))).isEqualTo("SHA256");
      assertThat(Attribute.getSingleStringValueOrEmptyString(mac, tag(0x04000010))).isEqualTo("1.2.840.10008.1.2.1");
      assertThat(((com.pixelmed.dicom.AttributeTagAttribute) mac.get(tag(0x04000020))).getAttributeTagValues())
          .containsExactly(new AttributeTag(0x7FE0, 0x0010));
      assertThat(mac.get(tag(0x04000404)).getByteValues()).isEqualTo(expected.pixelMac().mac());
    }
  }

  @Test
  void the_content_tree_holds_the_manifest_text_and_one_image_per_instance_in_leaf_order() throws Exception {
    List<KeyObjectDocument.Instance> instances = instances(3);
    SeriesManifest manifest = manifest(instances);

    AttributeList kos = read(KeyObjectDocument.build(manifest, instances));

    AttributeList title = SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(kos, tag(0x0040A043));
    assertThat(Attribute.getSingleStringValueOrEmptyString(title, tag(0x00080100))).isEqualTo("113031");
    SequenceAttribute content = (SequenceAttribute) kos.get(tag(0x0040A730));
    assertThat(content.getNumberOfItems()).isEqualTo(4);
    AttributeList text = content.getItem(0).getAttributeList();
    assertThat(Attribute.getSingleStringValueOrEmptyString(text, tag(0x0040A040))).isEqualTo("TEXT");
    String description = Attribute.getSingleStringValueOrEmptyString(text, tag(0x0040A160));
    assertThat(description).contains("Version: 2").contains("Merkle root (RFC 9162, SHA-256): " + manifest.merkleRoot())
        .contains("block 42, transaction tx-42");
    for (int i = 0; i < 3; i++) {
      assertThat(description).contains(instances.get(i).sopInstanceUid() + " " + instances.get(i).fileSha256());
      AttributeList image = content.getItem(i + 1).getAttributeList();
      assertThat(Attribute.getSingleStringValueOrEmptyString(image, tag(0x0040A040))).isEqualTo("IMAGE");
      assertThat(SequenceAttribute.getSingleStringValueOfNamedAttributeFromWithinSequenceWithSingleItemOrEmptyString(
          image, tag(0x00081199), tag(0x00081155))).isEqualTo(instances.get(i).sopInstanceUid());
    }
  }

  @Test
  void patient_attributes_are_present_and_empty() throws Exception {
    List<KeyObjectDocument.Instance> instances = instances(1);

    AttributeList kos = read(KeyObjectDocument.build(manifest(instances), instances));

    for (int t : new int[] {0x00100010, 0x00100020, 0x00100030, 0x00100040}) {
      assertThat(kos.get(tag(t))).as("(%08X)", t).isNotNull();
      assertThat(kos.get(tag(t)).getVL()).as("(%08X)", t).isZero();
    }
  }

  @Test
  void the_same_manifest_gives_the_same_document() {
    List<KeyObjectDocument.Instance> instances = instances(3);

    assertThat(KeyObjectDocument.build(manifest(instances), instances))
        .isEqualTo(KeyObjectDocument.build(manifest(instances), instances));
  }

  @Test
  void instances_that_are_not_the_manifests_leaves_are_refused() {
    List<KeyObjectDocument.Instance> instances = instances(3);
    SeriesManifest manifest = manifest(instances);
    List<KeyObjectDocument.Instance> swapped = List.of(instances.get(1), instances.get(0), instances.get(2));

    assertThatThrownBy(() -> KeyObjectDocument.build(manifest, swapped))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaf 0");
    assertThatThrownBy(() -> KeyObjectDocument.build(manifest, instances.subList(0, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 members");
  }
}
