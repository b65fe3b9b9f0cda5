package org.peerbook.it.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One writer's HTTP/1.1 connection to the server, kept alive: a request goes out in one write, its
 * answer is read to the end before the next. On a 2-core machine the client shares the cores with
 * the server it measures; the JDK's HttpClient spends about as much CPU per request as the server's
 * write path itself (32 writers: about 500 changes/s through it, 2,000 through wrk against the same
 * warm server), so the write figures are taken with this client, as wrk would take them.
 */
final class KeptAliveConnection implements AutoCloseable {
  private static final int TIMEOUT_MILLIS = 120_000;

  private final URI api;
  private final String authorization;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  /**
   * @param api the API root, e.g. {@code http://localhost:8080/api/}
   * @param authorization the {@code Authorization} header's value sent with requests that name none
   */
  KeptAliveConnection(URI api, String authorization) {
    this.api = api;
    this.authorization = authorization;
  }

  /** An answer: its status and its body as text. */
  record Answer(int status, String body) {}

  /** {@code PUT} of a JSON body to {@code path}, relative to the API root. */
  Answer put(String path, String json) throws IOException {
    return put(path, json, authorization);
  }

  /** The same with another {@code Authorization} header's value, e.g. a node's bearer token. */
  Answer put(String path, String json, String authorization) throws IOException {
    return send("PUT", path, json.getBytes(StandardCharsets.UTF_8), authorization);
  }

  /** {@code GET} of {@code path}, relative to the API root. */
  Answer get(String path) throws IOException {
    return get(path, authorization);
  }

  /** The same with another {@code Authorization} header's value. */
  Answer get(String path, String authorization) throws IOException {
    return send("GET", path, null, authorization);
  }

  private Answer send(String method, String path, byte[] body, String authorization)
      throws IOException {
    StringBuilder head =
        new StringBuilder(method)
            .append(' ')
            .append(api.getRawPath())
            .append(path)
            .append(" HTTP/1.1\r\nHost: ")
            .append(api.getHost())
            .append(':')
            .append(api.getPort())
            .append("\r\nAuthorization: ")
            .append(authorization);
    if (body != null) {
      head.append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.length);
    }
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head.append("\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      request.writeBytes(body);
    }
    if (socket == null) {
      connect();
    }
    out.write(request.toByteArray());
    out.flush();
    return readAnswer();
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(api.getHost(), api.getPort()), TIMEOUT_MILLIS);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  private Answer readAnswer() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.1 answer: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    boolean closes = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      String name = header.substring(0, Math.max(colon, 0)).strip().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.contains("chunked");
        case "connection" -> closes = value.contains("close");
        default -> {}
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int size = Integer.parseInt(line().split(";")[0].strip(), 16);
          size > 0;
          size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
        body.writeBytes(in.readNBytes(size));
        line();
      }
      for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
        // trailers carry nothing a writer needs
      }
    } else if (length >= 0) {
      body.writeBytes(in.readNBytes((int) length));
    } else {
      closes = true;
      body.writeBytes(in.readAllBytes());
    }
    if (closes) {
      close();
    }
    return new Answer(status, body.toString(StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("the server closed the connection mid-answer");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
