package org.peerbook.agent.directory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose accepted connections time out a read after the idle timeout: the LDAP SDK's
 * listener sets no timeout of its own, and takes any {@link ServerSocketFactory}.
 */
final class IdleTimeoutSockets extends ServerSocketFactory {
  private final int idleMillis;

  IdleTimeoutSockets(Duration idleTimeout) {
    this.idleMillis = Math.toIntExact(idleTimeout.toMillis());
  }

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new TimingOut();
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
    ServerSocket socket = new TimingOut();
    try {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(address, port), backlog);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private final class TimingOut extends ServerSocket {
    TimingOut() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      Socket accepted = super.accept();
      accepted.setSoTimeout(idleMillis);
      return accepted;
    }
  }
}
