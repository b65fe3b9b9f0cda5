package org.peerbook.it.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * GET requests over one kept-alive socket, on the calling thread: a latency series measured with
 * the JDK's HttpClient includes its hand-offs between the caller, its selector thread and its
 * executor, each a wait for a core on a busy two-core machine; this client's wait is the server's
 * answer and the wire alone. For answers with a Content-Length (the agent's lookup API sets it).
 */
final class PlainGets implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;

  PlainGets(String host, int port) throws IOException {
    this.host = host + ":" + port;
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 5_000);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** The status of {@code GET /path}, its body read and dropped. */
  int get(String path) throws IOException {
    out.write(
        ("GET /" + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = line();
    long length = -1;
    for (String header = line(); !header.isEmpty(); header = line()) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(header.substring("content-length:".length()).trim());
      }
    }
    if (length < 0) {
      throw new IOException("no Content-Length in the answer to " + path);
    }
    in.skipNBytes(length);
    return Integer.parseInt(status.split(" ")[1]);
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed mid-answer");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
