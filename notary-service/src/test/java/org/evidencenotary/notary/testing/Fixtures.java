package org.evidencenotary.notary.testing;

import static org.evidencenotary.notary.testing.Part10.element;
import static org.evidencenotary.notary.testing.Part10.le16;
import static org.evidencenotary.notary.testing.Part10.text;
import static org.evidencenotary.notary.testing.Part10.ui;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;

/** Test inputs, generated at test time. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * A small but well-formed DICOM Part 10 file ({@link Part10}): a Secondary Capture data set
   * with a 64x64 8-bit MONOCHROME2 image.
   */
  public static byte[] dicomSecondaryCapture(long seed) {
    return dicomSecondaryCapture(seed, false);
  }

  /**
   * As {@link #dicomSecondaryCapture(long)}, with what a scanner records about the acquisition:
   * Acquisition Date 20261125 and Time 101500.25, manufacturer, model, serial number, station name
   * and institution (all invented).
   */
  public static byte[] dicomFromScanner(long seed) {
    return dicomSecondaryCapture(seed, true);
  }

  private static byte[] dicomSecondaryCapture(long seed, boolean acquisition) {
    String sopClass = "1.2.840.10008.5.1.4.1.1.7";
    String instance = "2.25." + new java.math.BigInteger(1, uuidBytes(seed));
    ByteArrayOutputStream out = Part10.start(sopClass, instance);
    element(out, 0x0008, 0x0016, "UI", ui(sopClass));
    element(out, 0x0008, 0x0018, "UI", ui(instance));
    if (acquisition) {
      element(out, 0x0008, 0x0022, "DA", text("20261125"));
      element(out, 0x0008, 0x0032, "TM", text("101500.25"));
    }
    element(out, 0x0008, 0x0060, "CS", text("OT"));
    if (acquisition) {
      element(out, 0x0008, 0x0070, "LO", text("Example Medical"));
      element(out, 0x0008, 0x0080, "LO", text("Example Clinic, Radiology"));
      element(out, 0x0008, 0x1010, "SH", text("CT ROOM 3"));
      element(out, 0x0008, 0x1090, "LO", text("Scanner 64"));
    }
    element(out, 0x0010, 0x0010, "PN", text("TEST^PHANTOM"));
    if (acquisition) {
      element(out, 0x0018, 0x1000, "LO", text("SN-0042"));
    }
    element(out, 0x0028, 0x0002, "US", le16(1));
    element(out, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
    element(out, 0x0028, 0x0010, "US", le16(64));
    element(out, 0x0028, 0x0011, "US", le16(64));
    element(out, 0x0028, 0x0100, "US", le16(8));
    element(out, 0x0028, 0x0101, "US", le16(8));
    element(out, 0x0028, 0x0102, "US", le16(7));
    element(out, 0x0028, 0x0103, "US", le16(0));
    byte[] pixels = new byte[64 * 64];
    new Random(seed).nextBytes(pixels);
    element(out, 0x7FE0, 0x0010, "OB", pixels);
    return out.toByteArray();
  }

  /** A 32x32 PNG with a pattern that depends on {@code seed}. */
  public static byte[] png(long seed) throws IOException {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color((int) (seed * 2654435761L) & 0xFFFFFF));
    g.fillRect(0, 0, 32, 32);
    g.setColor(Color.WHITE);
    g.fillOval(4, 4, 24, 24);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** A file of {@code size} random bytes, written in chunks (never held in memory whole). */
  public static Path randomFile(Path dir, long size, long seed) throws IOException {
    Path file = Files.createTempFile(dir, "random-", ".bin");
    Random random = new Random(seed);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      long left = size;
      while (left > 0) {
        random.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        left -= n;
      }
    }
    return file;
  }

  /** A copy of {@code original} with one bit of the byte at {@code index} flipped. */
  public static byte[] withFlippedByte(byte[] original, int index) {
    byte[] copy = original.clone();
    copy[index] ^= 0x01;
    return copy;
  }

  /** Enrols an identity through the admin API with {@code json} as the body; the 201 answer. */
  public static io.restassured.path.json.JsonPath enrol(String json) {
    return io.restassured.RestAssured.given().header(admin()).contentType("application/json").body(json)
        .post("/api/v1/identities").then().statusCode(201).extract().jsonPath();
  }

  /**
   * The running test service's admin token as the header admin calls need ({@code Authorization:
   * Bearer <token>}), read from the token file the service created in its data folder.
   */
  public static io.restassured.http.Header admin() {
    Path file = io.quarkus.arc.Arc.container().instance(org.evidencenotary.notary.admin.AdminToken.class).get().file();
    try {
      return new io.restassured.http.Header("Authorization", "Bearer " + Files.readString(file).strip());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("the admin token file " + file + " cannot be read", e);
    }
  }

  private static byte[] uuidBytes(long seed) {
    UUID u = new UUID(seed * 31 + 7, seed ^ 0x5DEECE66DL);
    return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
  }
}
