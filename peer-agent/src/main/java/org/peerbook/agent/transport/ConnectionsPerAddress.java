package org.peerbook.agent.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.peerbook.protocol.serving.OpenPerKey;

/**
 * Connections open at once per client address (an IPv6 one's /64) on one listener: a client beyond
 * its share is closed as it connects, so that no one client takes every connection a listener
 * allows and keeps the other peers (or LDAP clients) out until its connections time out. Loopback
 * clients are not counted: every program on the machine shares 127.0.0.1, and the listener's own
 * cap bounds them together.
 */
public final class ConnectionsPerAddress {
  private static final Logger LOG = Logger.getLogger(ConnectionsPerAddress.class.getName());

  private final OpenPerKey open;
  private final boolean countLoopback;
  private final String listener;

  /**
   * @param perAddress connections one address may have open at once
   * @param countLoopback whether loopback clients are held to it too (tests, where every client is
   *     one)
   * @param listener names the listener in the log
   */
  public ConnectionsPerAddress(int perAddress, boolean countLoopback, String listener) {
    this.open = new OpenPerKey(perAddress);
    this.countLoopback = countLoopback;
    this.listener = listener;
  }

  /**
   * A quarter of a listener's {@code maxConnections} (at least one) per address: four clients are
   * needed to fill it.
   */
  public static ConnectionsPerAddress shareOf(int maxConnections, String listener) {
    return new ConnectionsPerAddress(Math.max(1, maxConnections / 4), false, listener);
  }

  /**
   * Counts a connection from {@code client}.
   *
   * @return whether it may stay open; if it may, {@link #closed} must follow once it closes
   */
  public boolean opened(InetAddress client) {
    if (exempt(client)) {
      return true;
    }
    String block = FailuresPerAddress.block(client);
    if (open.tryOpen(block)) {
      return true;
    }
    if (open.startsRefusing(block)) {
      LOG.info(
          () ->
              "closing further connections from "
                  + block
                  + " to the "
                  + listener
                  + ": it has "
                  + open.perKey()
                  + " open");
    }
    return false;
  }

  /** One connection {@link #opened} let stay has closed. */
  public void closed(InetAddress client) {
    if (!exempt(client)) {
      open.close(FailuresPerAddress.block(client));
    }
  }

  /** Connections {@code client}'s address (or block) has open now. */
  public int open(InetAddress client) {
    return open.open(FailuresPerAddress.block(client));
  }

  private boolean exempt(InetAddress client) {
    return client.isLoopbackAddress() && !countLoopback;
  }

  /**
   * The same count for a Jetty connector's connections: each network connection (not the HTTP
   * connection TLS puts inside it) counted as it opens, closed at once when over.
   */
  Connection.Listener forJetty() {
    // a closed connection no longer knows its client: the address is kept from its opening
    Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();
    return new Connection.Listener() {
      @Override
      public void onOpened(Connection connection) {
        InetAddress client = networkClient(connection);
        if (client == null) {
          return;
        }
        if (opened(client)) {
          counted.put(connection, client);
        } else {
          connection.getEndPoint().close();
        }
      }

      @Override
      public void onClosed(Connection connection) {
        InetAddress client = counted.remove(connection);
        if (client != null) {
          closed(client);
        }
      }
    };
  }

  private static InetAddress networkClient(Connection connection) {
    if (connection.getEndPoint() instanceof SocketChannelEndPoint network
        && network.getRemoteSocketAddress() instanceof InetSocketAddress remote) {
      return remote.getAddress();
    }
    return null;
  }
}
