package org.peerbook.agent.directory;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ServerSocketFactory;
import org.peerbook.agent.transport.ConnectionsPerAddress;

/**
 * Server sockets for the LDAP SDK's listener, which sets no timeout of its own and takes any {@link
 * ServerSocketFactory}: a connection's read times out after the idle timeout, and a message that
 * began arriving must be complete within the request timeout, however slowly it trickles. A read
 * that times out ends the connection (its thread and its slot among the connections). Its output
 * can hold a search's entries ({@link HeldOutput}).
 *
 * <p>Java's socket writes have no timeout at all: a client that asks and never reads its answers
 * would block its connection's thread in a write forever, and a few such clients would hold every
 * connection the listener allows. So a watch resets a connection whose write has waited on its
 * client for longer than the idle timeout: a client may neither send nor take anything that long.
 * And one client address may hold only its share of the connections ({@link
 * ConnectionsPerAddress}).
 */
final class LdapSockets extends ServerSocketFactory implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LdapSockets.class.getName());
  // System.nanoTime may be any long, but not this one in practice
  private static final long NOT_WRITING = Long.MIN_VALUE;
  private final int idleMillis;
  private final long requestNanos;
  private final ConnectionsPerAddress perAddress;
  private final Set<Bounded> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService watch =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "ldap-write-watch");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param perAddress what one client address may have open of the listener's connections: one over
   *     it is closed as it is accepted
   */
  LdapSockets(Duration idleTimeout, Duration requestTimeout, ConnectionsPerAddress perAddress) {
    this.idleMillis = Math.toIntExact(idleTimeout.toMillis());
    this.requestNanos = requestTimeout.toNanos();
    this.perAddress = perAddress;
    long every = Math.max(20, idleMillis / 4);
    watch.scheduleWithFixedDelay(this::resetStalledWrites, every, every, TimeUnit.MILLISECONDS);
  }

  private void resetStalledWrites() {
    long now = System.nanoTime();
    for (Bounded connection : open) {
      long since = connection.writingSince;
      if (since != NOT_WRITING && now - since > idleMillis * 1_000_000L) {
        LOG.fine(() -> "reset an LDAP client that took no answer for " + idleMillis + " ms");
        connection.reset();
      }
    }
  }

  /** Stops the watch; the listener closes the connections. */
  @Override
  public void close() {
    watch.shutdownNow();
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
      while (true) {
        Bounded accepted = new Bounded();
        implAccept(accepted);
        if (!perAddress.opened(accepted.getInetAddress())) {
          accepted.reset();
          continue;
        }
        accepted.counted = true;
        accepted.setSoTimeout(idleMillis);
        open.add(accepted);
        return accepted;
      }
    }
  }

  /**
   * One client's connection: its reads bounded by the idle timeout and the message deadline, its
   * writes watched.
   */
  private final class Bounded extends Socket {
    private final BerFraming framing = new BerFraming();

    /** Whether {@link #perAddress} counts it: it must be told once it closes. */
    private boolean counted;

    private long messageStarted;
    private InputStream in;
    private HeldOutput out;

    /** When the write under way began ({@link System#nanoTime}), or {@link #NOT_WRITING}. */
    private volatile long writingSince = NOT_WRITING;

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (out == null) {
        out = new HeldOutput(new Watched(super.getOutputStream()));
      }
      return out;
    }

    /** Closes at once, dropping unsent bytes: a write blocked on the client fails. */
    void reset() {
      try {
        setSoLinger(true, 0);
      } catch (IOException closedAlready) {
        // closing is all that is left to do
      }
      try {
        close();
      } catch (IOException closedAlready) {
        // nothing more to release
      }
    }

    @Override
    public synchronized void close() throws IOException {
      open.remove(this);
      if (counted) {
        counted = false;
        perAddress.closed(getInetAddress());
      }
      super.close();
    }

    /** The socket's output, each write timed for the watch. */
    private final class Watched extends FilterOutputStream {
      Watched(OutputStream socket) {
        super(socket);
      }

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        writingSince = System.nanoTime();
        try {
          out.write(b, off, len);
        } finally {
          writingSince = NOT_WRITING;
        }
      }
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
