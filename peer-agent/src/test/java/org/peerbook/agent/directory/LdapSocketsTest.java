package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.peerbook.agent.transport.ConnectionsPerAddress;

class LdapSocketsTest {
  @Test
  void closesAClientsConnectionsBeyondItsShareAsTheyAreAccepted() throws Exception {
    var perAddress = new ConnectionsPerAddress(1, true, "test LDAP listener");
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (var sockets = new LdapSockets(Duration.ofSeconds(30), Duration.ofSeconds(10), perAddress);
        ServerSocket server = sockets.createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(server.accept());
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.start();
      InetAddress greedy = InetAddress.getByName("127.0.0.2");

      Socket first = from(greedy, server.getLocalPort());
      await().until(() -> accepted.size() == 1);
      assertThat(closedByServer(greedy, server.getLocalPort()))
          .as("closed as it is accepted")
          .isTrue();
      Socket other = from(InetAddress.getByName("127.0.0.3"), server.getLocalPort());
      await().until(() -> accepted.size() == 2);
      assertThat(accepted.get(1).getInetAddress()).isEqualTo(other.getLocalAddress());

      accepted.get(0).close();
      await().until(() -> perAddress.open(greedy) == 0);
      Socket again = from(greedy, server.getLocalPort());
      await().until(() -> accepted.size() == 3);

      first.close();
      other.close();
      again.close();
      server.close();
      acceptor.join(5_000);
    }
  }

  private static Socket from(InetAddress client, int port) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(client, 0));
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
    socket.setSoTimeout(5_000);
    return socket;
  }

  /**
   * Connects from {@code client} and reads: the server's close comes as the end of the stream, or
   * as a reset, which may even reach the client while it is still connecting (seen in gVisor).
   */
  private static boolean closedByServer(InetAddress client, int port) throws IOException {
    try (Socket socket = from(client, port)) {
      return socket.getInputStream().read() < 0;
    } catch (SocketException reset) {
      return true;
    }
  }
}
