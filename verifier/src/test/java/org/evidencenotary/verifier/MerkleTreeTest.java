package org.evidencenotary.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * The leaf inputs of the Certificate Transparency reference tests (RFC 6962 trees, the
   * certificate-transparency project's merkle tree test data), with the roots they publish for
   * the first 1, 2, ... 8 leaves.
   */
  private static final List<byte[]> CT_LEAVES = List.of(
      HEX.parseHex(""), HEX.parseHex("00"), HEX.parseHex("10"), HEX.parseHex("2021"), HEX.parseHex("3031"),
      HEX.parseHex("40414243"), HEX.parseHex("5051525354555657"), HEX.parseHex("606162636465666768696a6b6c6d6e6f"));

  private static final List<String> CT_ROOTS = List.of(
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  @Test
  void roots_match_the_certificate_transparency_known_answers() {
    for (int n = 1; n <= CT_LEAVES.size(); n++) {
      assertThat(HEX.formatHex(MerkleTree.of(CT_LEAVES.subList(0, n)).root())).as("root of %d leaves", n)
          .isEqualTo(CT_ROOTS.get(n - 1));
    }
  }

  @Test
  void every_inclusion_path_leads_back_to_the_root_for_trees_of_1_to_70_leaves() {
    for (int n = 1; n <= 70; n++) {
      List<byte[]> leaves = leaves(n);
      MerkleTree tree = MerkleTree.of(leaves);
      for (int i = 0; i < n; i++) {
        assertThat(MerkleTree.rootFromPath(leaves.get(i), i, n, tree.inclusionPath(i)))
            .as("leaf %d of %d", i, n).isEqualTo(tree.root());
      }
    }
  }

  @Test
  void a_path_shown_with_another_leaf_or_index_does_not_lead_to_the_root() {
    List<byte[]> leaves = leaves(13);
    MerkleTree tree = MerkleTree.of(leaves);
    List<byte[]> path = tree.inclusionPath(5);
    assertThat(MerkleTree.rootFromPath(leaves.get(6), 5, 13, path)).isNotEqualTo(tree.root());
    assertThat(MerkleTree.rootFromPath(leaves.get(5), 4, 13, path)).isNotEqualTo(tree.root());
    // The size is bound by the anchored leaf count: the same path in a tree of another size either
    // does not fit or leads to that other tree's root.
    assertThatThrownBy(() -> MerkleTree.rootFromPath(leaves.get(5), 5, 6, path))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_added_or_removed_leaf_changes_the_root() {
    List<byte[]> leaves = leaves(200);
    byte[] root = MerkleTree.of(leaves).root();
    assertThat(MerkleTree.of(leaves.subList(0, 199)).root()).isNotEqualTo(root);
    List<byte[]> more = new ArrayList<>(leaves);
    more.add(new byte[] {42});
    assertThat(MerkleTree.of(more).root()).isNotEqualTo(root);
  }

  @Test
  void paths_of_the_wrong_length_are_refused() {
    List<byte[]> leaves = leaves(8);
    List<byte[]> path = MerkleTree.of(leaves).inclusionPath(3);
    assertThatThrownBy(() -> MerkleTree.rootFromPath(leaves.get(3), 3, 8, path.subList(0, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter");
    List<byte[]> longer = new ArrayList<>(path);
    longer.add(new byte[32]);
    assertThatThrownBy(() -> MerkleTree.rootFromPath(leaves.get(3), 3, 8, longer))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer");
    assertThatThrownBy(() -> MerkleTree.rootFromPath(leaves.get(3), 8, 8, path))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    assertThatThrownBy(() -> MerkleTree.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<byte[]> leaves(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new byte[] {(byte) i, (byte) (i >> 8), 7});
    }
    return out;
  }
}
