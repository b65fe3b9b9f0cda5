package org.peerbook.protocol.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One answer to {@code POST /api/sync}, ready for any HTTP server to send: its status, headers and
 * body. Close it once the body is written (or failed): that gives back the serving slot and the
 * snapshot it streams.
 */
public final class SyncReply implements AutoCloseable {
  /** A body that can be written once. */
  @FunctionalInterface
  private interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private final int status;
  private final Map<String, String> headers;
  private final long contentLength;
  private final Body body;
  private final Runnable release;
  private final ProblemDetails problem;

  private SyncReply(
      int status, Map<String, String> headers, long contentLength, Body body, Runnable release) {
    this(status, headers, contentLength, body, release, null);
  }

  private SyncReply(
      int status,
      Map<String, String> headers,
      long contentLength,
      Body body,
      Runnable release,
      ProblemDetails problem) {
    this.problem = problem;
    this.status = status;
    this.headers = Collections.unmodifiableMap(headers);
    this.contentLength = contentLength;
    this.body = body;
    this.release = release;
  }

  /** A sync answer's JSON, gzipped when the requester takes it and it is worth it. */
  static SyncReply answer(byte[] json, boolean gzip, Runnable release) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", SyncBinding.JSON);
    byte[] payload = json;
    if (gzip && json.length >= SyncBinding.GZIP_FROM_BYTES) {
      payload = gzip(json);
      headers.put("Content-Encoding", "gzip");
    }
    byte[] sent = payload;
    return new SyncReply(200, headers, sent.length, out -> out.write(sent), release);
  }

  /**
   * A SNAPSHOT answer kept gzipped by the source: sent as it is to a requester that takes gzip,
   * inflated while it streams to one that does not.
   */
  static SyncReply snapshot(GzippedSnapshot snapshot, boolean gzip, Runnable release) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", SyncBinding.JSON);
    Runnable closing =
        () -> {
          try {
            snapshot.gzipped().close();
          } catch (IOException e) {
            // nothing was lost: it was only read
          } finally {
            release.run();
          }
        };
    if (gzip) {
      headers.put("Content-Encoding", "gzip");
      return new SyncReply(
          200, headers, snapshot.length(), out -> snapshot.gzipped().transferTo(out), closing);
    }
    return new SyncReply(
        200, headers, -1, out -> new GZIPInputStream(snapshot.gzipped()).transferTo(out), closing);
  }

  /**
   * @param instance the request path for the problem's {@code instance}, or null
   */
  static SyncReply problem(ProblemDetails problem, String instance, Runnable release) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", SyncBinding.PROBLEM_JSON);
    if (problem.challenge()) {
      headers.put("WWW-Authenticate", SyncBinding.BEARER_CHALLENGE);
    }
    if (problem.retryAfterSeconds() > 0) {
      headers.put("Retry-After", Long.toString(problem.retryAfterSeconds()));
    }
    byte[] json = problem.toJson(instance).toString().getBytes(StandardCharsets.UTF_8);
    return new SyncReply(
        problem.status(), headers, json.length, out -> out.write(json), release, problem);
  }

  public int status() {
    return status;
  }

  /** The refusal this reply sends, if it is one: for the source's log. */
  public Optional<ProblemDetails> problem() {
    return Optional.ofNullable(problem);
  }

  /** Header names as HTTP spells them; {@code Content-Length} is {@link #contentLength()}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The body's length in bytes, or -1 when it streams without one known. */
  public long contentLength() {
    return contentLength;
  }

  /** Writes the body; call once. */
  public void writeBody(OutputStream out) throws IOException {
    body.writeTo(out);
  }

  @Override
  public void close() {
    release.run();
  }

  private static byte[] gzip(byte[] json) {
    var buffer = new ByteArrayOutputStream(json.length / 4);
    try (var out = new GZIPOutputStream(buffer)) {
      out.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip in memory cannot fail", e);
    }
    return buffer.toByteArray();
  }
}
