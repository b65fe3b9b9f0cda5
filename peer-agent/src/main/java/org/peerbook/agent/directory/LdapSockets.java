package org.peerbook.agent.directory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ServerSocketFactory;

/**
 * Server sockets for the LDAP SDK's listener, which sets no timeout of its own and takes any {@link
 * ServerSocketFactory}: a connection's read times out after the idle timeout, and a message that
 * began arriving must be complete within the request timeout, however slowly it trickles. A read
 * that times out ends the connection (its thread and its slot among the connections). Its output
 * can hold a search's entries ({@link HeldOutput}).
 */
final class LdapSockets extends ServerSocketFactory {
  private final int idleMillis;
  private final long requestNanos;

  LdapSockets(Duration idleTimeout, Duration requestTimeout) {
    this.idleMillis = Math.toIntExact(idleTimeout.toMillis());
    this.requestNanos = requestTimeout.toNanos();
  }

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new Listening();
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    return bound(port, 50, null);
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    return bound(port, backlog, null);
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    return bound(port, backlog, address);
  }

  private ServerSocket bound(int port, int backlog, InetAddress address) throws IOException {
    ServerSocket socket = new Listening();
    try {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address, port), backlog);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private final class Listening extends ServerSocket {
    Listening() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      Socket accepted = new Bounded();
      implAccept(accepted);
      accepted.setSoTimeout(idleMillis);
      return accepted;
    }
  }

  /** One client's connection: its reads bounded by the idle timeout and the message deadline. */
  private final class Bounded extends Socket {
    private final BerFraming framing = new BerFraming();
    private long messageStarted;
    private InputStream in;
    private HeldOutput out;

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (out == null) {
        out = new HeldOutput(super.getOutputStream());
      }
      return out;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new Reading(super.getInputStream());
      }
      return in;
    }

    private final class Reading extends FilterInputStream {
      // the SDK's reader may read byte by byte: no allocation per byte
      private final byte[] one = new byte[1];

      Reading(InputStream in) {
        super(in);
      }

      @Override
      public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        boolean wasInMessage = framing.inMessage();
        if (wasInMessage) {
          long left = requestNanos - (System.nanoTime() - messageStarted);
          if (left <= 0) {
            throw new SocketTimeoutException(
                "an LDAP message took longer than " + requestNanos / 1_000_000 + " ms to arrive");
          }
          setSoTimeout((int) Math.max(1, Math.min(idleMillis, left / 1_000_000)));
        } else {
          setSoTimeout(idleMillis);
        }
        int read = in.read(b, off, len);
        if (read > 0 && (framing.consume(b, off, read) || !wasInMessage)) {
          // a message began in these bytes (a pipelined one may follow the end of another)
          messageStarted = System.nanoTime();
        }
        return read;
      }
    }
  }
}
