package org.peerbook.agent.transport;

import jakarta.json.JsonStructure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The local lookup API for the mail or chat client, on loopback by default: {@code GET
 * /lookup/contacts?q=&email=&phone=&department=&limit=}, {@code GET /lookup/contacts/{id}}, {@code
 * GET /lookup/status}.
 *
 * <p>It answers only requests addressed to it by a loopback name or its own listen host (403
 * otherwise, see {@link HostCheck}): 403 rather than 421 Misdirected Request, because 421 invites a
 * client to retry on another connection, and no connection makes a foreign name acceptable here.
 * With a local token configured, every request must also carry {@code Authorization: Bearer
 * <token>} (401 otherwise), for machines where other local users or programs must not read the
 * book. The same limits as the peer listener bound every connection and request.
 */
public final class LookupServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LookupServer.class.getName());
  private static final String CONTACTS = "/lookup/contacts/";
  private static final int WORKERS = 4;

  /** What the lookups answer: JSON text in UTF-8, nothing else. */
  public interface Lookups {
    /** The matching contacts, a JSON array. */
    byte[] search(Map<String, String> query);

    /** The contact, a JSON object; {@code null} when there is no such contact. */
    byte[] contact(String id);

    JsonStructure status();
  }

  private final HttpListener listener;
  private final Lookups lookups;
  private final HostCheck hosts;
  private final Optional<byte[]> token;

  /**
   * @param token present: every request must carry it as a Bearer token
   */
  public LookupServer(
      InetSocketAddress listen, ListenerLimits limits, Optional<String> token, Lookups lookups)
      throws IOException {
    this.lookups = lookups;
    this.hosts = new HostCheck(listen);
    this.token = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
    this.listener =
        new HttpListener("lookup-server", listen, limits, WORKERS, Optional.empty(), new Answer());
  }

  public InetSocketAddress address() {
    return listener.address();
  }

  private final class Answer extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String host = request.getHeaders().get(HttpHeader.HOST);
      if (!hosts.allows(host)) {
        LOG.info(() -> "refused a lookup addressed to host " + host);
        HttpReplies.problem(
            response,
            callback,
            403,
            "Foreign host",
            "lookups answer only requests addressed to localhost or this listener's own address");
        return true;
      }
      if (!authorized(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"peerbook-lookup\"");
        HttpReplies.problem(
            response,
            callback,
            401,
            "Lookup token required",
            "this agent's lookups need Authorization: Bearer <its lookup token>");
        return true;
      }
      if (!"GET".equals(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET");
        HttpReplies.problem(response, callback, 405, "Method not allowed", "lookups are GET only");
        return true;
      }
      answer(request, response, callback);
      return true;
    }
  }

  private boolean authorized(String authorization) {
    return token.isEmpty()
        || (authorization != null
            && MessageDigest.isEqual(
                token.get(), authorization.strip().getBytes(StandardCharsets.UTF_8)));
  }

  private void answer(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    try {
      byte[] answer;
      if (path.equals("/lookup/status")) {
        answer = lookups.status().toString().getBytes(StandardCharsets.UTF_8);
      } else if (path.equals("/lookup/contacts")) {
        answer = lookups.search(query(request.getHttpURI().getQuery()));
      } else if (path.startsWith(CONTACTS)) {
        String id = path.substring(CONTACTS.length());
        answer = lookups.contact(id);
        if (answer == null) {
          HttpReplies.problem(response, callback, 404, "Unknown contact", "no contact " + id);
          return;
        }
      } else {
        HttpReplies.problem(response, callback, 404, "Not found", path);
        return;
      }
      HttpReplies.send(response, callback, 200, "application/json", answer);
    } catch (IllegalArgumentException e) {
      HttpReplies.problem(response, callback, 400, "Bad lookup", e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a lookup failed", e);
      HttpReplies.problem(
          response, callback, 500, "Internal error", "the agent failed; see its log");
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        query.put(
            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  @Override
  public void close() {
    listener.close();
  }
}
