package org.peerbook.agent.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.peerbook.protocol.serving.ProblemDetails;
import org.peerbook.protocol.serving.SyncBinding;

/** Writes the listeners' own answers: JSON, and problem details as every source writes them. */
final class HttpReplies {
  private HttpReplies() {}

  static void problem(
      Response response, Callback callback, int status, String title, String detail) {
    byte[] body =
        new ProblemDetails(status, title, detail, 0, false)
            .toJson(null)
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    send(response, callback, status, SyncBinding.PROBLEM_JSON, body);
  }

  static void send(Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
