package org.peerbook.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class HttpListenerTest {
  private static final Handler OK =
      new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
          response.setStatus(200);
          response.write(true, null, callback);
          return true;
        }
      };

  @Test
  void closesAClientsConnectionsBeyondItsShareAndServesTheOthers() throws Exception {
    var perAddress = new ConnectionsPerAddress(2, true, "test listener");
    try (var listener =
        new HttpListener(
            "test-listener",
            new InetSocketAddress("127.0.0.1", 0),
            ListenerLimits.defaults(),
            2,
            Optional.empty(),
            OK,
            perAddress)) {
      InetSocketAddress address = listener.address();
      InetAddress greedy = InetAddress.getByName("127.0.0.2");
      Socket first = from(greedy, address);
      Socket second = from(greedy, address);
      await().until(() -> perAddress.open(greedy) == 2);

      assertThat(closedByServer(greedy, address)).as("closed as it connects").isTrue();
      try (Socket other = from(InetAddress.getByName("127.0.0.3"), address)) {
        assertThat(exchange(other)).startsWith("HTTP/1.1 200");
      }
      assertThat(exchange(first)).as("its share is served").startsWith("HTTP/1.1 200");

      first.close();
      await().until(() -> perAddress.open(greedy) == 1);
      try (Socket again = from(greedy, address)) {
        assertThat(exchange(again)).startsWith("HTTP/1.1 200");
      }
      second.close();
      await().until(() -> perAddress.open(greedy) == 0);
    }
  }

  /**
   * Connects from {@code client} and reads: the server's close comes as the end of the stream, or
   * as a reset, which may even reach the client while it is still connecting (seen in gVisor).
   */
  private static boolean closedByServer(InetAddress client, InetSocketAddress server)
      throws IOException {
    try (Socket socket = from(client, server)) {
      return socket.getInputStream().read() < 0;
    } catch (SocketException reset) {
      return true;
    }
  }

  private static Socket from(InetAddress client, InetSocketAddress server) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(client, 0));
    socket.connect(server, 5_000);
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static String exchange(Socket socket) throws IOException {
    socket
        .getOutputStream()
        .write(RawHttp.get("/", "localhost").getBytes(StandardCharsets.ISO_8859_1));
    try {
      return RawHttp.readAll(socket.getInputStream());
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer", e);
    }
  }
}
