package org.peerbook.limits.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.Problems;
import org.peerbook.limits.control.BodiesInFlight;
import org.peerbook.limits.control.ClientAddresses;
import org.peerbook.limits.control.ClientBlocks;

/**
 * Reads a request's whole body before any resource sees it, without holding a thread while it
 * arrives (the container's non-blocking input, {@link BodyArrival}). A resource reading the body
 * itself holds one of the container's request threads for as long as the client takes to send it:
 * 300 connections each dripping a body one byte every five seconds took every thread, and the
 * server answered nothing else, not even {@code /health}, until they stopped. Here such a body
 * costs its connection and the bytes sent so far, and it must arrive whole within {@code
 * peerbook.api.body-timeout-ms} (else 408), within {@code peerbook.api.max-body-bytes} (else 413),
 * and one client address may have {@code peerbook.limits.bodies-per-address} arriving at once (else
 * 429, before a byte of it is read). A body that came whole with the request's head, as nearly
 * every one does, is served at once on the request's own thread.
 *
 * <p>An administrator's requests, authenticated from their headers before any filter runs, stream
 * to their resource instead ({@link CappedBody}: 413 past {@code peerbook.api.max-body-bytes}, or
 * {@code peerbook.api.max-import-bytes} for an import): an import may be 64 MiB, too much to hold
 * whole.
 */
@WebFilter(
    urlPatterns = "/api/*",
    asyncSupported = true,
    dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class BodyReadAhead extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(BodyReadAhead.class.getName());

  /** The request attribute carrying a body read here into the dispatch that serves it. */
  static final String BODY = BodyReadAhead.class.getName() + ".body";

  @Inject
  @ConfigProperty(name = "peerbook.api.max-body-bytes", defaultValue = "1048576")
  transient long maxBodyBytes;

  @Inject
  @ConfigProperty(name = "peerbook.api.max-import-bytes", defaultValue = "67108864")
  transient long maxImportBytes;

  @Inject
  @ConfigProperty(name = "peerbook.api.body-timeout-ms", defaultValue = "10000")
  transient long timeoutMillis;

  @Inject transient BodiesInFlight inFlight;

  @Inject transient ClientAddresses clients;

  @Inject transient ClientBlocks blocks;

  @Inject transient Instance<RequestContextController> requestContexts;

  /** Times each arriving body's deadline. */
  @Resource transient ManagedScheduledExecutorService scheduler;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getDispatcherType() == DispatcherType.ASYNC) {
      Object body = request.getAttribute(BODY);
      if (body instanceof ArrivedBody arrived) {
        request.removeAttribute(BODY);
        byte[] bytes = arrived.take();
        // null: the dispatch came after the body's deadline, which answered already
        if (bytes != null) {
          serveInRequestContext(new ReadBody(request, bytes), response, chain);
        }
      } else {
        chain.doFilter(request, response);
      }
      return;
    }
    if (!hasBody(request)) {
      chain.doFilter(request, response);
      return;
    }
    if (request.isUserInRole("admin")) {
      long limit = isImport(request) ? maxImportBytes : maxBodyBytes;
      if (request.getContentLengthLong() > limit) {
        refuseTooLarge(request, response, limit);
      } else {
        chain.doFilter(new CappedBody(request, limit), response);
      }
      return;
    }
    if (request.getContentLengthLong() > maxBodyBytes) {
      refuseTooLarge(request, response, maxBodyBytes);
      return;
    }
    ServletInputStream in = request.getInputStream();
    ByteArrayOutputStream came = BodyArrival.readWhatCame(in, maxBodyBytes);
    if (came.size() > maxBodyBytes) {
      refuseTooLarge(request, response, maxBodyBytes);
      return;
    }
    if (request.getContentLengthLong() >= 0
        ? came.size() == request.getContentLengthLong()
        : in.isFinished()) {
      // nearly every body: it came with the request's head, and nothing is left to wait for
      chain.doFilter(new ReadBody(request, came.toByteArray()), response);
      return;
    }
    String block = blocks.of(clients.of(request));
    if (!inFlight.tryStart(block)) {
      refuseCrowd(request, response, block);
      return;
    }
    AsyncContext async = request.startAsync();
    // the body's deadline is BodyArrival's own: the container's would stay on the request after
    // the dispatch and cut its serving short (a heartbeat held longer got Payara's HTML 500)
    async.setTimeout(0);
    var arrival =
        new BodyArrival(
            async, came, maxBodyBytes, timeoutMillis, scheduler, () -> inFlight.arrived(block));
    async.addListener(arrival);
    arrival.listen();
  }

  /**
   * The container does not give an asynchronous dispatch a CDI request context of its own: without
   * one, a {@code @RequestScoped} resource (the console's sign-in) failed with 500.
   */
  private void serveInRequestContext(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    RequestContextController context = requestContexts.get();
    context.activate();
    try {
      chain.doFilter(request, response);
    } finally {
      context.deactivate();
      requestContexts.destroy(context);
    }
  }

  /** The container decoded and normalised the path within {@code /api} already. */
  private static boolean isImport(HttpServletRequest request) {
    String path = request.getPathInfo();
    return path != null && path.endsWith("/contacts/import");
  }

  private static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  private static void refuseTooLarge(
      HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
    BodyArrival.refuse(response, 413, CappedBody.tooLargeDetail(limit), request);
  }

  private void refuseCrowd(HttpServletRequest request, HttpServletResponse response, String block)
      throws IOException {
    String detail =
        "client "
            + block
            + " already has "
            + inFlight.perAddress()
            + " request bodies arriving; retry after 1 s";
    if (inFlight.startsRefusing(block)) {
      LOG.info(() -> "refusing bodies from " + block + " with 429 until one of its own arrives");
    }
    response.setHeader("Retry-After", "1");
    response.setHeader("Connection", "close");
    BodyArrival.write(response, 429, Problems.unloggedBody(429, detail, request.getRequestURI()));
  }
}
