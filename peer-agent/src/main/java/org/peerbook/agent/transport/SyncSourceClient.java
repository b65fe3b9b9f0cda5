package org.peerbook.agent.transport;

import jakarta.json.JsonException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import javax.net.ssl.SSLContext;
import org.peerbook.agent.sync.SnapshotKeeper;
import org.peerbook.agent.sync.SourceFailedException;
import org.peerbook.agent.sync.SyncBudget;
import org.peerbook.agent.sync.SyncSource;
import org.peerbook.protocol.AnswerHandler;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.SourceFault;
import org.peerbook.protocol.StreamingAnswerReader;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.WireJson;

/**
 * A sync source reached over HTTP: {@code POST <sync address>} with a {@link SyncRequest}. The JDK
 * client, not Jersey: its body arrives as buffers that {@link BoundedResponseBody} can wait for
 * with the deadline of the whole sync, where a blocking socket read only knows a per-read timeout.
 * Every way a source fails becomes a {@link SourceFailedException} naming the {@link SourceFault}.
 */
public final class SyncSourceClient implements SyncSource {
  /** Long enough for any network the agent runs on; a black hole costs no more than this. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private static final int MAX_ERROR_BYTES = 512;

  /** Raw bytes gunzip takes at a time: its default, 512, makes a call per half kilobyte. */
  private static final int GUNZIP_BUFFER = 64 * 1024;

  private final HttpClient http;
  private final URI syncAddress;
  private final Supplier<String> token;
  private final SnapshotKeeper keeper;

  /**
   * @param http shared by the syncs of one agent (see {@link #httpClient(SSLContext)})
   * @param token this node's current node token, sent with every request
   */
  public SyncSourceClient(URI syncAddress, Supplier<String> token, HttpClient http) {
    this(syncAddress, token, http, SnapshotKeeper.NONE);
  }

  /**
   * @param keeper keeps a gzipped snapshot as it came, once the copy holds it ({@link SnapshotTee})
   */
  public SyncSourceClient(
      URI syncAddress, Supplier<String> token, HttpClient http, SnapshotKeeper keeper) {
    this.syncAddress = syncAddress;
    this.token = token;
    this.http = http;
    this.keeper = keeper;
  }

  /** The client for sync requests: HTTP/1.1 as every PeerBook source speaks it. */
  public static HttpClient httpClient(SSLContext tls) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(tls)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public <T> T ask(SyncRequest request, SyncBudget budget, AnswerHandler<T> handler) {
    Duration answerTimeout = budget.answerTimeLeft();
    HttpRequest post =
        HttpRequest.newBuilder(syncAddress)
            // until the status line and headers; the body is bounded by BoundedResponseBody
            .timeout(answerTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("Accept-Encoding", "gzip")
            .header("Authorization", "Bearer " + token.get())
            .POST(HttpRequest.BodyPublishers.ofString(WireJson.toJson(request).toString()))
            .build();
    HttpResponse<InputStream> response = send(post, budget, answerTimeout);
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw refused(response.statusCode(), body);
      }
      budget.startAnswer();
      if (!gzipped(response)) {
        return StreamingAnswerReader.read(new DecodedBody(body, budget), handler);
      }
      SnapshotTee tee = new SnapshotTee(body, keeper);
      try {
        T result =
            StreamingAnswerReader.read(
                new DecodedBody(tee.decoded(new GZIPInputStream(tee, GUNZIP_BUFFER)), budget),
                tee.watching(handler));
        tee.finish();
        return result;
      } finally {
        tee.discardUnkept();
      }
    } catch (ZipException e) {
      throw corruptGzip(e);
    } catch (IOException e) {
      throw brokeOff(e);
    } catch (JsonException e) {
      // not malformed JSON (that is a MalformedMessageException): the stream under it failed
      if (e.getCause() instanceof ZipException zip) {
        throw corruptGzip(zip);
      }
      throw brokeOff(e);
    }
  }

  private HttpResponse<InputStream> send(
      HttpRequest post, SyncBudget budget, Duration answerTimeout) {
    long started = System.nanoTime();
    try {
      return http.send(post, info -> new BoundedResponseBody(budget));
    } catch (HttpConnectTimeoutException e) {
      throw new SourceFailedException(
          SourceFault.UNREACHABLE,
          "no connection to " + syncAddress + " within " + CONNECT_TIMEOUT.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      throw budget.answerTimedOut(answerTimeout);
    } catch (ConnectException e) {
      throw new SourceFailedException(
          SourceFault.UNREACHABLE, "cannot connect to " + syncAddress + ": " + e);
    } catch (IOException e) {
      throw brokeOff(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceFailedException(SourceFault.UNREACHABLE, "interrupted");
    } finally {
      // connecting and waiting for the status line are waiting for the source
      budget.chargeWait(System.nanoTime() - started);
    }
  }

  private static boolean gzipped(HttpResponse<InputStream> response) {
    return response
        .headers()
        .firstValue("Content-Encoding")
        .filter("gzip"::equalsIgnoreCase)
        .isPresent();
  }

  /** 503 and 429 (busy, rate-limited), or any other refusal: it did not serve us. */
  private SourceFailedException refused(int status, InputStream body) throws IOException {
    String detail = new String(body.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8);
    return new SourceFailedException(
        SourceFault.BUSY, syncAddress + " answered " + status + ": " + detail);
  }

  private MalformedMessageException corruptGzip(ZipException e) {
    return new MalformedMessageException(null, "the gzip body is corrupt: " + e.getMessage());
  }

  private SourceFailedException brokeOff(Exception e) {
    return new SourceFailedException(
        SourceFault.UNREACHABLE, syncAddress + " broke off: " + e.getMessage());
  }

  @Override
  public String describe() {
    return syncAddress.toString();
  }
}
