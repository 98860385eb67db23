package org.evidencenotary.notary.dimse;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A deliberately small storage SCU for tests, written from PS3.8 (PDUs) and PS3.7 (command sets):
 * it sends what DCMTK's storescu never would, such as a C-STORE-RQ whose Affected SOP Instance UID
 * is not the data set's, or a transfer syntax DCMTK 3.6.7 does not know (HTJ2K). One presentation
 * context (the given SOP Class, explicit VR little endian unless another is named).
 */
public final class DimseTestClient implements AutoCloseable {
  static final String EXPLICIT_LITTLE = "1.2.840.10008.1.2.1";
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private int messageId;

  public DimseTestClient(int port, String callingAe, String calledAe, String sopClass) throws IOException {
    this(new Socket(InetAddress.getLoopbackAddress(), port), callingAe, calledAe, sopClass);
  }

  /** Associates over {@code socket}, connected already (a TLS socket, say). */
  DimseTestClient(Socket socket, String callingAe, String calledAe, String sopClass) throws IOException {
    this(socket, callingAe, calledAe, sopClass, EXPLICIT_LITTLE);
  }

  /** Associates proposing one presentation context: {@code sopClass} in {@code transferSyntax}. */
  DimseTestClient(Socket socket, String callingAe, String calledAe, String sopClass, String transferSyntax)
      throws IOException {
    this.socket = socket;
    socket.setSoTimeout(30_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    ByteArrayOutputStream items = new ByteArrayOutputStream();
    item(items, 0x10, ascii("1.2.840.10008.3.1.1.1"));
    ByteArrayOutputStream pc = new ByteArrayOutputStream();
    pc.writeBytes(new byte[] {1, 0, 0, 0});
    item(pc, 0x30, ascii(sopClass));
    item(pc, 0x40, ascii(transferSyntax));
    item(items, 0x20, pc.toByteArray());
    ByteArrayOutputStream user = new ByteArrayOutputStream();
    item(user, 0x51, ByteBuffer.allocate(4).putInt(16384).array());
    item(user, 0x52, ascii("1.2.826.0.1.3680043.10.1.99.9"));
    item(items, 0x50, user.toByteArray());
    ByteBuffer rq = ByteBuffer.allocate(68 + items.size());
    rq.putShort((short) 1).putShort((short) 0).put(ae(calledAe)).put(ae(callingAe)).put(new byte[32])
        .put(items.toByteArray());
    writePdu(0x01, rq.array());
    int type = in.readUnsignedByte();
    in.readUnsignedByte();
    byte[] ac = new byte[in.readInt()];
    in.readFully(ac);
    if (type != 0x02) {
      throw new IOException("association not accepted: PDU type 0x" + Integer.toHexString(type));
    }
  }

  /** Sends C-STORE-RQ announcing {@code sopClass}/{@code sopInstance} with {@code dataSet}; returns the status. */
  int store(String sopClass, String sopInstance, byte[] dataSet) throws IOException {
    writePdv(0x03, storeCommand(sopClass, sopInstance));
    for (int off = 0; off < dataSet.length; off += 16000) {
      int end = Math.min(dataSet.length, off + 16000);
      writePdv(end == dataSet.length ? 0x02 : 0x00, Arrays.copyOfRange(dataSet, off, end));
    }
    return readStatus();
  }

  private byte[] storeCommand(String sopClass, String sopInstance) {
    ByteArrayOutputStream cmd = new ByteArrayOutputStream();
    element(cmd, 0x0002, ui(sopClass));
    element(cmd, 0x0100, us(0x0001));
    element(cmd, 0x0110, us(++messageId));
    element(cmd, 0x0700, us(0));
    element(cmd, 0x0800, us(0));
    element(cmd, 0x1000, ui(sopInstance));
    ByteArrayOutputStream command = new ByteArrayOutputStream();
    element(command, 0x0000, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(cmd.size()).array());
    command.writeBytes(cmd.toByteArray());
    return command.toByteArray();
  }

  /**
   * Sends the command of a C-STORE-RQ and only the first {@code dataBytes} of its data set, as a
   * sender cut off in the middle would.
   */
  public void storePartially(String sopClass, String sopInstance, byte[] dataSet, int dataBytes) throws IOException {
    writePdv(0x03, storeCommand(sopClass, sopInstance));
    for (int off = 0; off < dataBytes; off += 16000) {
      writePdv(0x00, Arrays.copyOfRange(dataSet, off, Math.min(dataBytes, off + 16000)));
    }
  }

  /**
   * Sends the command of a C-STORE-RQ and the header of a P-DATA-TF whose one data fragment
   * announces {@code fragmentBytes} bytes, and none of them: a sender that then drips them with
   * {@link #writeRaw} keeps the notary reading that data set.
   */
  void beginDataSet(String sopClass, String sopInstance, int fragmentBytes) throws IOException {
    writePdv(0x03, storeCommand(sopClass, sopInstance));
    ByteBuffer head = ByteBuffer.allocate(12);
    head.put((byte) 0x04).put((byte) 0).putInt(6 + fragmentBytes).putInt(2 + fragmentBytes).put((byte) 1)
        .put((byte) 0x02);
    writeRaw(head.array());
  }

  /** Writes raw bytes (a malformed PDU, say). */
  void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The type of the next PDU the notary sends, or -1 when it closed the connection. */
  int nextPduType() throws IOException {
    return in.read();
  }

  /** Sends A-RELEASE-RQ and waits for A-RELEASE-RP. */
  void release() throws IOException {
    writePdu(0x05, new byte[4]);
    int type = in.readUnsignedByte();
    if (type != 0x06) {
      throw new IOException("expected A-RELEASE-RP, got PDU type 0x" + Integer.toHexString(type));
    }
  }

  /** The connection, for tests that misbehave on it. */
  Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** The data set of a Part 10 file (what follows the file meta information). */
  public static byte[] dataSetOf(byte[] part10) {
    int groupLength = ByteBuffer.wrap(part10, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return Arrays.copyOfRange(part10, 144 + groupLength, part10.length);
  }

  private int readStatus() throws IOException {
    int type = in.readUnsignedByte();
    in.readUnsignedByte();
    byte[] pdu = new byte[in.readInt()];
    in.readFully(pdu);
    if (type != 0x04) {
      throw new IOException("expected P-DATA-TF, got PDU type 0x" + Integer.toHexString(type));
    }
    ByteBuffer b = ByteBuffer.wrap(pdu, 6, pdu.length - 6).order(ByteOrder.LITTLE_ENDIAN);
    while (b.remaining() >= 8) {
      int tag = (b.getShort() & 0xFFFF) << 16 | b.getShort() & 0xFFFF;
      int length = b.getInt();
      if (tag == 0x00000900) {
        return b.getShort() & 0xFFFF;
      }
      b.position(b.position() + length);
    }
    throw new IOException("no status in the response");
  }

  private void writePdv(int control, byte[] value) throws IOException {
    ByteBuffer pdv = ByteBuffer.allocate(6 + value.length);
    pdv.putInt(2 + value.length).put((byte) 1).put((byte) control).put(value);
    writePdu(0x04, pdv.array());
  }

  private void writePdu(int type, byte[] body) throws IOException {
    ByteBuffer pdu = ByteBuffer.allocate(6 + body.length);
    pdu.put((byte) type).put((byte) 0).putInt(body.length).put(body);
    out.write(pdu.array());
    out.flush();
  }

  private static void item(ByteArrayOutputStream out, int type, byte[] value) {
    out.writeBytes(new byte[] {(byte) type, 0, (byte) (value.length >> 8), (byte) value.length});
    out.writeBytes(value);
  }

  private static void element(ByteArrayOutputStream out, int element, byte[] value) {
    out.writeBytes(ByteBuffer.allocate(8 + value.length).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0)
        .putShort((short) element).putInt(value.length).put(value).array());
  }

  private static byte[] ui(String uid) {
    byte[] b = ascii(uid);
    return b.length % 2 == 0 ? b : Arrays.copyOf(b, b.length + 1);
  }

  private static byte[] us(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8)};
  }

  private static byte[] ae(String title) {
    return ascii(String.format("%-16s", title));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
