package org.peerbook.agent.transport;

import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.WireJson;

/**
 * Calls to the server side at whichever of its addresses answers ({@link ServerAddresses}): a call
 * that finds no server at one address, or a server that answers 500, 502, 503 or 504, goes on to
 * the next, within one deadline shared out between the tries. Answers are read strictly, within
 * {@link #MAX_ANSWER_BYTES} and the nesting bound.
 */
final class FailoverCalls implements AutoCloseable {
  /**
   * A lease with {@link org.peerbook.protocol.registry.LeaseAnswer#MAX_REVOCATIONS} revocations
   * fits; more is not an answer.
   */
  static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

  // the answers of a server that is there but cannot serve now: another member may
  private static final Set<Integer> TRY_ANOTHER = Set.of(500, 502, 503, 504);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** One request, built for the address tried. */
  interface Call {
    /**
     * @param api the API root of the address tried
     * @param readTimeout what this try may wait for the answer, in ms: set it on the request
     */
    Response send(WebTarget api, int readTimeout);
  }

  private final Client client;
  private final ServerAddresses servers;
  private final Duration callDeadline;
  private final Consumer<Instant> answerDates;

  /**
   * @param answerDates told of the {@code Date} of each answer read (when it has a readable one)
   */
  FailoverCalls(
      ServerAddresses servers,
      SSLContext tls,
      Duration callDeadline,
      Consumer<Instant> answerDates) {
    this.servers = servers;
    this.callDeadline = callDeadline;
    this.answerDates = answerDates;
    this.client =
        ClientBuilder.newBuilder()
            .sslContext(tls)
            .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .build();
  }

  /**
   * Sends one request and reads its answer strictly.
   *
   * @param held how long the server may hold the answer: each try may wait that long besides its
   *     share of the deadline
   * @throws RegistryUnavailableException for any other status than 200, no answer, or an answer
   *     that breaks the protocol
   */
  <T> T read(Function<JsonValue, T> reader, Call call, Duration held) {
    try (Response response = send(call, held)) {
      if (response.getStatus() != 200) {
        throw unavailable(null, response);
      }
      dated(response);
      try (InputStream body = response.readEntity(InputStream.class)) {
        byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length > MAX_ANSWER_BYTES) {
          throw new MalformedMessageException(
              null, "the answer is longer than " + MAX_ANSWER_BYTES + " bytes");
        }
        return reader.apply(WireJson.parse(new ByteArrayInputStream(bytes)));
      }
    } catch (MalformedMessageException e) {
      throw new RegistryUnavailableException(
          "the resource manager's answer is malformed: " + e.getMessage(), 0);
    } catch (IOException | ProcessingException e) {
      throw new RegistryUnavailableException(
          "the resource manager's answer broke off: " + e.getMessage(), 0);
    }
  }

  /**
   * Sends one request to the first address that answers it. The call's deadline is shared out: each
   * try may wait its share of what is left, so a member that takes the request and never answers
   * leaves time for the others.
   *
   * @throws RegistryUnavailableException if no address answered, the last failure's
   */
  Response send(Call call, Duration held) {
    long deadline = System.nanoTime() + callDeadline.toNanos();
    RegistryUnavailableException failure = null;
    List<Integer> order = servers.order();
    for (int tried = 0; tried < order.size(); tried++) {
      int index = order.get(tried);
      URI api = servers.address(index);
      long share =
          TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) / (order.size() - tried);
      if (share < 1) {
        break;
      }
      int readTimeout = (int) Math.min(Integer.MAX_VALUE, share + held.toMillis());
      long sent = System.nanoTime();
      try {
        Response response = call.send(client.target(api), readTimeout);
        if (!TRY_ANOTHER.contains(response.getStatus())) {
          servers.answered(index);
          return response;
        }
        failure = unavailable(api, response);
      } catch (ProcessingException e) {
        failure = new RegistryUnavailableException(api + " is unreachable: " + e.getMessage(), 0);
      }
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
      // the time a member held the answer is not taken from the others' shares
      deadline += Math.min(System.nanoTime() - sent, held.toNanos());
      servers.failed(index);
    }
    if (failure == null) {
      failure = new RegistryUnavailableException("no server answered within " + callDeadline, 0);
    }
    throw failure;
  }

  private void dated(Response response) {
    Date sent;
    try {
      sent = response.getDate();
    } catch (RuntimeException unreadable) {
      // the answer is still read: its time is only a hint
      return;
    }
    if (sent != null) {
      answerDates.accept(sent.toInstant());
    }
  }

  private static RegistryUnavailableException unavailable(URI api, Response response) {
    try (response) {
      return new RegistryUnavailableException(
          (api == null ? "the resource manager" : api.toString())
              + " answered "
              + response.getStatus()
              + ": "
              + new String(
                  response.readEntity(InputStream.class).readNBytes(2048), StandardCharsets.UTF_8),
          response.getStatus());
    } catch (IOException | ProcessingException e) {
      return new RegistryUnavailableException(
          "the resource manager answered " + response.getStatus(), response.getStatus());
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
