package org.peerbook.agent.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One HTTP listener of the agent, on embedded Jetty 12 (core handlers, no servlets), with every
 * read bounded by {@link ListenerLimits}.
 *
 * <p>Why Jetty and not the JDK's {@code com.sun.net.httpserver}: the JDK server reads a request's
 * headers on a worker thread, so a dozen connections that send one byte each take every worker and
 * silence the port; its only timeouts are JVM-wide system properties, and it has no connection cap.
 * Jetty parses headers on its selector without holding a thread, has an idle timeout, a header-size
 * limit and a connection limit per connector (of which one client address may hold a share, {@link
 * ConnectionsPerAddress}), and reads a body asynchronously, so a worker is held only while a
 * request is really being answered. What Jetty lacks, a deadline on a request's arrival and a least
 * rate for a client to take its answer, {@link SlowClientSweep} adds with its public counters.
 */
final class HttpListener implements AutoCloseable {
  /**
   * Jetty's start-up lines (version, git hash, connector) say nothing the agent's own line does
   * not; warnings still show, and a logging configuration that names a level for Jetty wins.
   */
  private static final java.util.logging.Logger JETTY =
      java.util.logging.Logger.getLogger("org.eclipse.jetty");

  static {
    if (JETTY.getLevel() == null) {
      JETTY.setLevel(java.util.logging.Level.WARNING);
    }
  }

  /** The acceptor and the selector each hold a thread; a spare keeps the pool's budget happy. */
  private static final int JETTY_OWN_THREADS = 4;

  private final Server server;
  private final ServerConnector connector;
  private final NetworkConnectionLimit connections;

  /**
   * Starts listening.
   *
   * @param name names the listener's threads
   * @param workers threads that answer requests at once
   * @param tls present: HTTPS with this context
   * @throws IOException if the address cannot be listened on
   */
  HttpListener(
      String name,
      InetSocketAddress listen,
      ListenerLimits limits,
      int workers,
      Optional<SSLContext> tls,
      Handler handler)
      throws IOException {
    this(
        name,
        listen,
        limits,
        workers,
        tls,
        handler,
        ConnectionsPerAddress.shareOf(limits.maxConnections(), name));
  }

  /**
   * @param perAddress what one client address may have open of {@code limits.maxConnections()}
   */
  HttpListener(
      String name,
      InetSocketAddress listen,
      ListenerLimits limits,
      int workers,
      Optional<SSLContext> tls,
      Handler handler,
      ConnectionsPerAddress perAddress)
      throws IOException {
    // few threads kept idle: a swarm test runs dozens of agents in one JVM
    QueuedThreadPool threads = new QueuedThreadPool(workers + JETTY_OWN_THREADS, 2);
    threads.setName(name);
    server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setRequestHeaderSize(ListenerLimits.MAX_HEADER_BYTES);
    HttpConnectionFactory http = new HttpConnectionFactory(config);
    if (tls.isPresent()) {
      SslContextFactory.Server context = new SslContextFactory.Server();
      context.setSslContext(tls.get());
      connector =
          new ServerConnector(server, 1, 1, new SslConnectionFactory(context, "http/1.1"), http);
    } else {
      connector = new ServerConnector(server, 1, 1, http);
    }
    connector.setHost(listen.getAddress().getHostAddress());
    connector.setPort(listen.getPort());
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    server.addConnector(connector);
    connections = new NetworkConnectionLimit(limits.maxConnections(), connector);
    server.addBean(connections);
    connector.addEventListener(perAddress.forJetty());
    server.setErrorHandler(new ProblemErrorHandler());
    server.setHandler(handler);
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly();
      throw e;
    } catch (Exception e) {
      stopQuietly();
      throw new IOException("cannot listen on " + listen + ": " + e.getMessage(), e);
    }
    new SlowClientSweep(connector, limits.requestTimeout()).start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  /** Where answers that must not run on Jetty's selector go: the listener's own workers. */
  Executor workers() {
    return server.getThreadPool();
  }

  /** Connections open now (at most the cap). */
  int connections() {
    return connections.getNetworkConnectionCount();
  }

  private void stopQuietly() {
    try {
      server.stop();
    } catch (Exception e) {
      // nothing ran: whatever failed to stop holds no port
    }
  }

  @Override
  public void close() {
    stopQuietly();
  }

  /** Jetty's own refusals (bad request line, headers too large...) as problem details too. */
  private static final class ProblemErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback) {
      String title =
          org.eclipse.jetty.http.HttpStatus.getMessage(code) == null
              ? "Error"
              : org.eclipse.jetty.http.HttpStatus.getMessage(code);
      HttpReplies.problem(response, callback, code, title, message);
    }
  }
}
