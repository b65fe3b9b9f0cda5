package org.peerbook.it.swarm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.peerbook.agent.sync.Agent;
import org.peerbook.agent.sync.AgentSettings;
import org.peerbook.agent.sync.SyncLimits;
import org.peerbook.agent.transport.ListenerLimits;
import org.peerbook.agent.transport.RegistryClient;
import org.peerbook.agent.transport.Tls;
import org.peerbook.protocol.HeadSignatures;

/**
 * One JVM holding several agents, each with its own store, ports, registry lease and sync engine: a
 * swarm of hundreds of agents on two cores would not fit as one JVM per agent. Prints {@code AGENT
 * <node id> <lookup port>} per agent and {@code READY}; closes every agent (deregistering it) when
 * its standard input ends.
 *
 * <p>Arguments: registry API (or every cluster member's, comma-separated), data root, node id
 * prefix, first index, count, max serving, max sync jitter in ms, enrollment secret, sync answer
 * timeout in ms. Node ids are the prefix and the index, e.g. {@code swarm-7}.
 */
public final class SwarmHost {
  /** Agents are spread over this many "sites" (/24 networks), for the proximity strategy. */
  static final int SITES = 4;

  private SwarmHost() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    List<URI> registries = Arrays.stream(args[0].split(",")).map(URI::create).toList();
    Path root = Path.of(args[1]);
    String prefix = args[2];
    int first = Integer.parseInt(args[3]);
    int count = Integer.parseInt(args[4]);
    int maxServing = Integer.parseInt(args[5]);
    Duration jitter = Duration.ofMillis(Long.parseLong(args[6]));
    String secret = args[7];
    Duration answerTimeout = Duration.ofMillis(Long.parseLong(args[8]));
    SyncLimits defaults = SyncLimits.DEFAULTS;
    SyncLimits limits =
        new SyncLimits(
            defaults.maxRequests(),
            defaults.deadline(),
            defaults.maxReceivedBytes(),
            defaults.maxDecodedBytes(),
            defaults.maxPageBytes(),
            answerTimeout,
            defaults.minBytesPerSecond());
    PublicKey trusted;
    try (var client = new RegistryClient(registries, Tls.none().connecting())) {
      trusted = HeadSignatures.decodePublicKey(client.publicKey());
    }
    List<Agent> agents = new ArrayList<>();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> agents.parallelStream().forEach(SwarmHost::close)));
    for (int i = first; i < first + count; i++) {
      String host = host(i);
      Agent agent =
          new Agent(
              new AgentSettings(
                  prefix + "-" + i,
                  registries,
                  root.resolve("agent-" + i),
                  new InetSocketAddress(host, 0),
                  host,
                  host,
                  secret,
                  trusted,
                  new InetSocketAddress("127.0.0.1", 0),
                  maxServing,
                  100_000,
                  jitter,
                  Tls.none(),
                  Optional.empty(),
                  ListenerLimits.defaults(),
                  Optional.empty(),
                  limits));
      agents.add(agent);
      agent.start();
      System.out.println("AGENT " + prefix + "-" + i + " " + agent.lookupAddress().getPort());
    }
    System.out.println("READY");
    System.out.flush();
    // the parent closes our standard input to stop us
    while (System.in.read() >= 0) {
      // nothing to read: waiting for the end
    }
    System.exit(0);
  }

  /** One agent's failure to close must not keep the others from leaving the registry. */
  private static void close(Agent agent) {
    try {
      agent.close();
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
  }

  /** Agent i's own loopback address, on site i mod {@value #SITES}. */
  static String host(int index) {
    return "127.10." + (index % SITES) + "." + (1 + index / SITES);
  }
}
