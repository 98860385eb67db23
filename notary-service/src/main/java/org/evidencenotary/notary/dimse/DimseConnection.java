package org.evidencenotary.notary.dimse;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.evidencenotary.notary.config.TransferDeadline;

/**
 * The data transfer phase of an accepted association (PS3.8 9.3.5 to 9.3.8), read and written by
 * us: P-DATA-TF PDUs split into presentation data values, a command set gathered from its
 * fragments, a data set streamed fragment by fragment to whoever reads it (never held whole in
 * memory, never written to a temporary file), the response sent, and A-RELEASE and A-ABORT.
 *
 * <p>Security: everything here comes from the network. Every PDU and PDV length is checked
 * against the PDU size we announced and against what is left of its container before it is read;
 * a command set larger than {@link #MAX_COMMAND_BYTES} is refused.
 *
 * <p>Time is bounded too: from its first byte, a message (command and data set) is under a {@link
 * TransferDeadline}, so a peer dripping bytes loses its association (the deadline closes the
 * connection) however often a byte comes; between messages the socket's idle timeout applies; after
 * an A-RELEASE-RP the peer has the ARTIM time to close before we do.
 */
final class DimseConnection {
  /** The largest command set accepted; real ones are a few hundred bytes. */
  static final int MAX_COMMAND_BYTES = 64 * 1024;
  private static final int P_DATA_TF = 0x04;
  private static final int A_RELEASE_RQ = 0x05;
  private static final int A_ABORT = 0x07;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final int maxPduLength;
  private final ConnectionDeadline deadline;
  private final TransferDeadline messageRule;
  private final Duration artim;
  /** Bytes read from the peer so far (written by the association's thread, read by the deadline's). */
  private volatile long received;
  /** Whether the next byte read starts a message (and with it the message's deadline). */
  private boolean betweenMessages;

  private long pduRemaining;
  private long pdvRemaining;
  private int pdvContext = -1;
  private boolean pdvCommand;
  private boolean pdvLast;
  private boolean broken;

  /** The association failed: the peer aborted, broke the protocol or went silent; no response is possible. */
  static final class AssociationFailedException extends IOException {
    AssociationFailedException(String message) {
      super(message);
    }
  }

  /** A command set and the presentation context it arrived on. */
  record Request(int presentationContextId, Dimse.Command command) {}

  /**
   * @param in the socket's input after the A-ASSOCIATE-AC was sent (buffered by the caller)
   * @param maxPduLength the maximum PDU length we announced in the A-ASSOCIATE-AC
   * @param deadline the connection's deadline, which this sets for each message and after release
   * @param messageRule how long a message may take to arrive, by its size
   * @param artim how long the peer has to close the connection after A-RELEASE-RP
   */
  DimseConnection(Socket socket, InputStream in, OutputStream out, int maxPduLength, ConnectionDeadline deadline,
      TransferDeadline messageRule, Duration artim) {
    this.socket = socket;
    this.in = new DataInputStream(new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          received++;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          received += n;
        }
        return n;
      }
    });
    this.out = out;
    this.maxPduLength = maxPduLength;
    this.deadline = deadline;
    this.messageRule = messageRule;
    this.artim = artim;
  }

  /**
   * The next request's command set; null when the peer released the association, which has then
   * been answered with A-RELEASE-RP.
   *
   * @throws AssociationFailedException when the peer aborted, closed, timed out or broke the protocol
   * @throws Dimse.MalformedCommandException when the command set is not well-formed
   */
  Request nextRequest() throws IOException, Dimse.MalformedCommandException {
    betweenMessages = true;
    if (!nextPdv(true)) {
      return null;
    }
    int context = pdvContext;
    byte[] command = new byte[0];
    while (true) {
      if (!pdvCommand || pdvContext != context) {
        throw new AssociationFailedException("a data fragment or another presentation context inside a command set");
      }
      if (command.length + pdvRemaining > MAX_COMMAND_BYTES) {
        throw new AssociationFailedException("command set larger than " + MAX_COMMAND_BYTES + " bytes");
      }
      byte[] grown = new byte[command.length + (int) pdvRemaining];
      System.arraycopy(command, 0, grown, 0, command.length);
      readFully(grown, command.length, (int) pdvRemaining);
      pdvRemaining = 0;
      command = grown;
      if (pdvLast) {
        break;
      }
      nextPdv(false);
    }
    Dimse.Command parsed = Dimse.parse(command);
    if (!parsed.hasDataSet()) {
      deadline.cancel(); // the whole message has arrived
    }
    return new Request(context, parsed);
  }

  /**
   * The data set that follows the command of {@code request}, fragment after fragment, ending
   * after the last fragment. Read it to its end (or {@link #drain} it) before answering.
   */
  InputStream dataSet(Request request) {
    return new InputStream() {
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return next(b, off, len);
        } catch (AssociationFailedException e) {
          broken = true;
          throw e;
        } catch (IOException e) {
          broken = true;
          throw new AssociationFailedException("reading a data set: " + e.getMessage());
        }
      }

      private int next(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (pdvRemaining == 0) {
          if (ended) {
            return -1;
          }
          if (pdvLast && !pdvCommand) {
            ended = true;
            deadline.cancel(); // the whole message has arrived: what follows is our time, not the peer's
            return -1;
          }
          nextPdv(false);
          if (pdvCommand || pdvContext != request.presentationContextId()) {
            throw new AssociationFailedException("a command fragment or another presentation context inside a data set");
          }
        }
        int n = in.read(b, off, (int) Math.min(len, pdvRemaining));
        if (n < 0) {
          throw new AssociationFailedException("connection closed inside a data set");
        }
        pdvRemaining -= n;
        return n;
      }
    };
  }

  /** Whether reading a data set failed at the association level (nothing more can be sent). */
  boolean broken() {
    return broken;
  }

  /** Reads and discards what is left of a data set. */
  static void drain(InputStream dataSet) throws IOException {
    byte[] skip = new byte[64 * 1024];
    while (dataSet.read(skip, 0, skip.length) >= 0) {
      // discarded: the instance is refused
    }
  }

  /** Sends a command set (no data set follows) as one P-DATA-TF PDU on {@code context}. */
  void send(int context, byte[] command) throws IOException {
    byte[] pdu = new byte[12 + command.length];
    pdu[0] = P_DATA_TF;
    putInt(pdu, 2, 6 + command.length);
    putInt(pdu, 6, 2 + command.length);
    pdu[10] = (byte) context;
    pdu[11] = 0x03; // command, last fragment
    System.arraycopy(command, 0, pdu, 12, command.length);
    out.write(pdu);
    out.flush();
  }

  /** Sends A-ABORT (service provider, reason not specified) and closes the connection. */
  void abort() {
    try {
      out.write(new byte[] {A_ABORT, 0, 0, 0, 0, 4, 0, 0, 0x02, 0x00});
      out.flush();
    } catch (IOException e) {
      // the connection is going away anyway
    }
  }

  /**
   * Moves to the next PDV, reading a new PDU header when the current PDU is used up.
   *
   * @param releaseAllowed whether an A-RELEASE-RQ may come instead (between messages)
   * @return false when the peer asked to release (answered already)
   */
  private boolean nextPdv(boolean releaseAllowed) throws IOException {
    if (pdvRemaining != 0) {
      throw new AssociationFailedException("internal: previous fragment not consumed");
    }
    if (pduRemaining == 0) {
      int type = readPduHeader();
      if (type == A_RELEASE_RQ) {
        if (!releaseAllowed) {
          throw new AssociationFailedException("A-RELEASE-RQ in the middle of a message");
        }
        release();
        return false;
      }
    }
    if (pduRemaining < 6) {
      throw new AssociationFailedException("P-DATA-TF with " + pduRemaining + " bytes left cannot hold a fragment");
    }
    long item = in.readInt() & 0xFFFFFFFFL;
    if (item < 2 || item > pduRemaining - 4) {
      throw new AssociationFailedException("presentation data value of " + item + " bytes in a PDU with "
          + (pduRemaining - 4) + " left");
    }
    pduRemaining -= 4 + item;
    pdvContext = in.readUnsignedByte();
    int control = in.readUnsignedByte();
    pdvCommand = (control & 0x01) != 0;
    pdvLast = (control & 0x02) != 0;
    pdvRemaining = item - 2;
    return true;
  }

  /** Reads a PDU header; P-DATA-TF and A-RELEASE-RQ are returned, anything else ends the association. */
  private int readPduHeader() throws IOException {
    int type;
    long length;
    try {
      type = in.read();
      if (type < 0) {
        throw new AssociationFailedException("connection closed without A-RELEASE");
      }
      if (betweenMessages) {
        betweenMessages = false;
        deadline.transfer(messageRule, () -> received, "a DIMSE message");
      }
      in.readUnsignedByte();
      length = in.readInt() & 0xFFFFFFFFL;
    } catch (SocketTimeoutException e) {
      throw new AssociationFailedException("no data for longer than the idle timeout");
    } catch (EOFException e) {
      throw new AssociationFailedException("connection closed inside a PDU header");
    }
    switch (type) {
      case P_DATA_TF -> {
        if (length > maxPduLength) {
          throw new AssociationFailedException("P-DATA-TF of " + length + " bytes exceeds the announced maximum of "
              + maxPduLength);
        }
        pduRemaining = length;
        return type;
      }
      case A_RELEASE_RQ -> {
        if (length != 4) {
          throw new AssociationFailedException("A-RELEASE-RQ of length " + length);
        }
        in.readInt();
        return type;
      }
      case A_ABORT -> throw new AssociationFailedException("the peer aborted the association");
      default -> throw new AssociationFailedException("unexpected PDU type 0x" + Integer.toHexString(type));
    }
  }

  /**
   * Answers A-RELEASE-RQ and waits for the peer to close the connection: a second of silence, or
   * the ARTIM time (PS3.8 9.1.5) at most however it sends, and we close it ourselves.
   */
  private void release() throws IOException {
    out.write(new byte[] {0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0});
    out.flush();
    deadline.within(artim, "closing the connection after A-RELEASE-RP");
    try {
      socket.setSoTimeout((int) Math.min(1000, artim.toMillis()));
      while (in.read() >= 0) {
        // the requestor closes after A-RELEASE-RP; nothing more is expected
      }
    } catch (IOException e) {
      // timed out or reset: we close it ourselves
    }
  }

  private void readFully(byte[] b, int off, int len) throws IOException {
    try {
      in.readFully(b, off, len);
    } catch (EOFException e) {
      throw new AssociationFailedException("connection closed inside a command set");
    } catch (SocketTimeoutException e) {
      throw new AssociationFailedException("no data for longer than the idle timeout");
    }
  }

  private static void putInt(byte[] b, int pos, int v) {
    b[pos] = (byte) (v >>> 24);
    b[pos + 1] = (byte) (v >>> 16);
    b[pos + 2] = (byte) (v >>> 8);
    b[pos + 3] = (byte) v;
  }
}
