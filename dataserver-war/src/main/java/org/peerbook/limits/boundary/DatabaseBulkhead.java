package org.peerbook.limits.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.Problems;
import org.peerbook.limits.control.ClientAddresses;
import org.peerbook.limits.control.ClientBlocks;
import org.peerbook.limits.control.DatabaseRequests;
import org.peerbook.protocol.registry.RegistryBinding;

/**
 * Keeps requests that may wait on the database from taking every request thread. A database that
 * stalls (a network cut without a reset, a lock held for ever) leaves each such request waiting,
 * and 400 writes waiting behind one stalled commit took all 200 of the container's threads: the
 * server then answered nothing, not the fleet's heartbeats either, which never touch the database,
 * so every agent's lease would lapse. Here at most {@code peerbook.db.max-requests} run at once, a
 * quarter of them from one client ({@link DatabaseRequests}); more are refused at once, with {@code
 * Retry-After}: 503 when all run, 429 when the client runs its quarter.
 *
 * <p>Exempt are the agents' own calls on the registry under {@code /api/registry/nodes/{id}}
 * (heartbeats, source requests, reports, peer look-ups, leaving), which are served from memory:
 * they go on while the database stalls. A registration is not exempt: with per-node credentials it
 * reads them from the database.
 */
@WebFilter(
    urlPatterns = "/api/*",
    asyncSupported = true,
    dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class DatabaseBulkhead extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(DatabaseBulkhead.class.getName());
  private static final String RETRY_AFTER_SECONDS = "2";
  private static final String NODE_CALLS = "/api/" + RegistryBinding.NODES + "/";

  @Inject
  @ConfigProperty(name = "peerbook.db.max-requests", defaultValue = "64")
  transient int maxRequests;

  @Inject transient ClientAddresses clients;

  @Inject transient ClientBlocks blocks;

  private transient DatabaseRequests running;
  private transient OncePerMinute refusals;

  @Override
  public void init() {
    if (maxRequests < 1) {
      throw new IllegalStateException(
          "peerbook.db.max-requests must be at least 1, not " + maxRequests);
    }
    running = new DatabaseRequests(maxRequests);
    refusals = new OncePerMinute(System::nanoTime);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    // the path as the container resolved it (decoded, dot segments gone), as it is served
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (isExempt(path)) {
      chain.doFilter(request, response);
      return;
    }
    String client = clientBlock(request);
    Optional<DatabaseRequests.Refusal> refusal = running.tryStart(client);
    if (refusal.isPresent()) {
      refuse(request, response, refusal.get());
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      running.end(client);
    }
  }

  /** Whether a request to {@code path} (below the context) is served without the database. */
  static boolean isExempt(String path) {
    return path.startsWith(NODE_CALLS) && path.length() > NODE_CALLS.length();
  }

  /** The client's block; {@code null} for one on the server's own machine. */
  private String clientBlock(HttpServletRequest request) {
    String address = clients.of(request);
    Optional<InetAddress> literal = ClientAddresses.literal(address);
    if (literal.isEmpty()) {
      return address;
    }
    return literal.get().isLoopbackAddress() ? null : blocks.of(literal.get());
  }

  private void refuse(
      HttpServletRequest request, HttpServletResponse response, DatabaseRequests.Refusal why)
      throws IOException {
    String detail = why.detail() + "; retry after " + RETRY_AFTER_SECONDS + " s";
    refusals.warn(
        LOG,
        () ->
            "request(s) refused since the last such line, this one with "
                + why.status()
                + ": "
                + detail
                + " (said at most once a minute)");
    response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
    BodyArrival.write(
        response,
        why.status(),
        Problems.unloggedBody(why.status(), detail, request.getRequestURI()));
  }
}
