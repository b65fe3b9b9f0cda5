package org.peerbook.registry.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.ContainerExecutors;
import org.peerbook.protocol.serving.RefusedException;

/**
 * Looks up the host names nodes put in their sync addresses, bounded: a name server that does not
 * answer must not hold registrations, and a node naming slow hosts must not hold the server's
 * threads. At most {@link ContainerExecutors#HOST_LOOKUPS} run at once, each on a thread of its own
 * (more: 503), and a registration waits for one at most {@code peerbook.registry.host-lookup-ms}
 * (then 503; the look-up itself runs on until the resolver gives up, holding its thread). The JDK
 * keeps answers (30 s) and failures (10 s), so an agent's repeated registrations cost one look-up.
 */
@ApplicationScoped
public class HostLookups {
  static final String TIMEOUT = "peerbook.registry.host-lookup-ms";

  /** The JDK's resolver, or another in tests. */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  @Inject
  @ConfigProperty(name = TIMEOUT, defaultValue = "2000")
  int timeoutMillis;

  @Inject ContainerExecutors executors;

  private Supplier<ExecutorService> pool = () -> executors.hostLookups();
  private Resolver resolver = InetAddress::getAllByName;

  /** For the container, which injects the rest. */
  public HostLookups() {}

  HostLookups(ExecutorService pool, int timeoutMillis, Resolver resolver) {
    this.pool = () -> pool;
    this.timeoutMillis = timeoutMillis;
    this.resolver = resolver;
  }

  /**
   * @return every address {@code host} resolves to
   * @throws UnknownHostException when it resolves to none
   * @throws RefusedException 503 when too many look-ups run or this one took too long
   */
  public List<InetAddress> addressesOf(String host) throws UnknownHostException {
    Future<InetAddress[]> lookup;
    try {
      lookup = pool.get().submit(() -> resolver.resolve(host));
    } catch (RejectedExecutionException busy) {
      throw RefusedException.busy(
          "the server is looking up as many host names as it does at once; try again", 1);
    }
    try {
      return List.of(lookup.get(timeoutMillis, TimeUnit.MILLISECONDS));
    } catch (TimeoutException slow) {
      lookup.cancel(true);
      throw new RefusedException(
          503,
          "Host lookup timed out",
          "the host name " + host + " did not resolve within " + timeoutMillis + " ms; try again",
          5);
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof UnknownHostException unknown) {
        throw unknown;
      }
      throw new IllegalStateException("looking up " + host + " failed", failed.getCause());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw RefusedException.busy("interrupted while looking up " + host, 1);
    }
  }
}
