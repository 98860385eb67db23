package org.evidencenotary.verifier;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.evidencenotary.format.Sha256;

/**
 * The Merkle tree hash of RFC 9162 section 2.1 (the same as RFC 6962, Certificate Transparency):
 * a leaf hashes as {@code SHA-256(0x00 || data)}, an inner node as {@code SHA-256(0x01 || left ||
 * right)}, and a tree of {@code n > 1} leaves splits at the largest power of two below {@code n}.
 * The distinct prefixes keep a leaf from posing as an inner node, and the split rule (no duplicated
 * last leaf, unlike Bitcoin's trees) keeps two different leaf lists from sharing a root.
 *
 * <p>Written here rather than taken from a library: the only maintained Java implementations sit
 * inside larger clients (Trillian's, sigstore's) whose other dependencies the offline verifier
 * does not want, and the algorithm is forty lines with published known-answer vectors, which the
 * tests check.
 */
public final class MerkleTree {
  private final List<byte[]> leaves;

  private MerkleTree(List<byte[]> leaves) {
    this.leaves = leaves;
  }

  /** A tree over {@code leaves} (the leaf data, in order); at least one leaf. */
  public static MerkleTree of(List<byte[]> leaves) {
    Objects.requireNonNull(leaves, "leaves");
    if (leaves.isEmpty()) {
      throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
    }
    List<byte[]> copy = new ArrayList<>(leaves.size());
    for (byte[] leaf : leaves) {
      copy.add(Objects.requireNonNull(leaf, "leaf").clone());
    }
    return new MerkleTree(copy);
  }

  public int size() {
    return leaves.size();
  }

  /** The root hash (32 bytes). */
  public byte[] root() {
    return hash(0, leaves.size());
  }

  /**
   * The inclusion path of leaf {@code index} (RFC 9162 2.1.3.1): the sibling hashes from the leaf
   * up to the root.
   */
  public List<byte[]> inclusionPath(int index) {
    if (index < 0 || index >= leaves.size()) {
      throw new IndexOutOfBoundsException("leaf " + index + " of a tree of " + leaves.size());
    }
    List<byte[]> path = new ArrayList<>();
    collectPath(index, 0, leaves.size(), path);
    return path;
  }

  private void collectPath(int index, int from, int to, List<byte[]> path) {
    int n = to - from;
    if (n == 1) {
      return;
    }
    int k = split(n);
    if (index - from < k) {
      collectPath(index, from, from + k, path);
      path.add(hash(from + k, to));
    } else {
      collectPath(index, from + k, to, path);
      path.add(hash(from, from + k));
    }
  }

  private byte[] hash(int from, int to) {
    if (to - from == 1) {
      return leafHash(leaves.get(from));
    }
    int k = split(to - from);
    return nodeHash(hash(from, from + k), hash(from + k, to));
  }

  /**
   * The root that leaf data {@code leaf} at {@code index} of a tree of {@code size} leaves and
   * {@code path} lead to (RFC 9162 2.1.3.2). Compare it with the anchored root.
   *
   * @throws IllegalArgumentException when the index, size and path length do not fit together
   */
  public static byte[] rootFromPath(byte[] leaf, long index, long size, List<byte[]> path) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf index " + index + " is outside a tree of " + size + " leaves");
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash(leaf);
    for (byte[] p : path) {
      if (p.length != 32) {
        throw new IllegalArgumentException("a path hash has " + p.length + " bytes, not 32");
      }
      if (sn == 0) {
        throw new IllegalArgumentException("the path is longer than a tree of " + size + " leaves allows");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new IllegalArgumentException("the path is shorter than a tree of " + size + " leaves needs");
    }
    return r;
  }

  static byte[] leafHash(byte[] data) {
    MessageDigest sha = sha256();
    sha.update((byte) 0x00);
    sha.update(data);
    return sha.digest();
  }

  static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest sha = sha256();
    sha.update((byte) 0x01);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  /** The largest power of two smaller than {@code n} (n at least 2). */
  private static int split(int n) {
    return Integer.highestOneBit(n - 1);
  }

  private static MessageDigest sha256() {
    return Sha256.newMessageDigest();
  }

  @Override
  public String toString() {
    return "MerkleTree[" + leaves.size() + " leaves, root " + java.util.HexFormat.of().formatHex(root()) + "]";
  }
}
