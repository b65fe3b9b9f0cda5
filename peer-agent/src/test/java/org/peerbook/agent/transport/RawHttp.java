package org.peerbook.agent.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP written by hand on a socket: what a hostile or broken client sends, which no HTTP client
 * library lets a test send (a foreign {@code Host}, half a request, one byte at a time).
 */
final class RawHttp {
  private RawHttp() {}

  /** A socket connected to {@code address} that gives up a read after {@code timeout}. */
  static Socket connect(InetSocketAddress address, Duration timeout) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", address.getPort()), 5_000);
    socket.setSoTimeout((int) timeout.toMillis());
    return socket;
  }

  /** Sends {@code request} whole and reads the answer until the server closes. */
  static String exchange(InetSocketAddress address, String request) throws IOException {
    try (Socket socket = connect(address, Duration.ofSeconds(10))) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return readAll(socket.getInputStream());
    }
  }

  /** Everything until the server closes the connection. */
  static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The status code of an answer read by {@link #readAll}. */
  static int status(String answer) {
    return Integer.parseInt(answer.substring(9, 12));
  }

  /** A GET of {@code path} with this {@code Host} line (null: none), closing after the answer. */
  static String get(String path, String host, String... headers) {
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
    if (host != null) {
      request.append("Host: ").append(host).append("\r\n");
    }
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    return request.append("Connection: close\r\n\r\n").toString();
  }
}
