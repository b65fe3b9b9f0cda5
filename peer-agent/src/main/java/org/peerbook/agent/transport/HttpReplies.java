package org.peerbook.agent.transport;

import jakarta.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes the listeners' answers: JSON, gzipped when worth it, and RFC 9457 problem details. */
final class HttpReplies {
  /** Below this, gzip costs more than it saves. */
  private static final int GZIP_FROM_BYTES = 1024;

  private HttpReplies() {}

  static void problem(
      Response response, Callback callback, int status, String title, String detail) {
    byte[] body =
        Json.createObjectBuilder()
            .add("type", "about:blank")
            .add("title", title)
            .add("status", status)
            .add("detail", detail == null ? title : detail)
            .build()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    send(response, callback, status, "application/problem+json", body, false);
  }

  static void send(
      Response response, Callback callback, int status, String type, byte[] body, boolean gzip) {
    byte[] payload = body;
    if (gzip && body.length > GZIP_FROM_BYTES) {
      payload = gzip(body);
      response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, payload.length);
    response.write(true, ByteBuffer.wrap(payload), callback);
  }

  /**
   * Whether the client takes gzip: named in {@code Accept-Encoding} and not refused with {@code
   * q=0}, as the data server decides it.
   */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.split(",")) {
      String[] parts = coding.trim().split(";");
      if (parts[0].trim().toLowerCase(Locale.ROOT).equals("gzip")) {
        for (int i = 1; i < parts.length; i++) {
          if (parts[i].replace(" ", "").toLowerCase(Locale.ROOT).matches("q=0(\\.0{0,3})?")) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  private static byte[] gzip(byte[] body) {
    var buffer = new ByteArrayOutputStream(body.length / 4);
    try (var out = new GZIPOutputStream(buffer)) {
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip in memory cannot fail", e);
    }
    return buffer.toByteArray();
  }
}
