package org.peerbook.agent.cli;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.peerbook.agent.sync.Agent;
import org.peerbook.agent.sync.AgentSettings;
import org.peerbook.agent.sync.Identity;
import org.peerbook.agent.transport.RegistryClient;
import org.peerbook.agent.transport.RegistryUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: starts the agent and keeps it running until it is stopped (Ctrl-C, SIGTERM). */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Runs the agent: register, sync, serve peers and local lookups; deregister on exit.")
class RunCommand implements Callable<Integer> {
  @Option(
      names = "--registry",
      required = true,
      defaultValue = "${env:PEERBOOK_REGISTRY}",
      description =
          "the data server's API root, e.g. http://localhost:8080/api (env PEERBOOK_REGISTRY)")
  URI registry;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:PEERBOOK_AGENT_DATA_DIR:-peerbook-agent}",
      description =
          "where the local copy, the node id and the pinned key live (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(
      names = "--listen",
      defaultValue = "${env:PEERBOOK_AGENT_LISTEN:-127.0.0.1:0}",
      description =
          "host:port to serve peers on; port 0 picks a free one (default: ${DEFAULT-VALUE})")
  String listen;

  @Option(
      names = "--advertise-host",
      defaultValue = "${env:PEERBOOK_AGENT_ADVERTISE_HOST}",
      description = "the host peers reach this agent by (default: the --listen host)")
  String advertiseHost;

  @Option(
      names = "--network-address",
      defaultValue = "${env:PEERBOOK_AGENT_NETWORK_ADDRESS}",
      description = "the IP address to report for proximity (default: the --listen host)")
  String networkAddress;

  @Option(
      names = "--enrollment-secret",
      defaultValue = "${env:PEERBOOK_ENROLLMENT_SECRET:-peerbook-dev-enrollment}",
      description = "the credential registration needs (env PEERBOOK_ENROLLMENT_SECRET)")
  String enrollmentSecret;

  @Option(
      names = "--trusted-key",
      defaultValue = "${env:PEERBOOK_TRUSTED_KEY}",
      description = {
        "the data server's Ed25519 public key (base64, GET /api/book/public-key);",
        "without it the key published on first contact is pinned in the data dir"
      })
  String trustedKey;

  @Option(
      names = "--lookup",
      defaultValue = "${env:PEERBOOK_AGENT_LOOKUP:-127.0.0.1:7071}",
      description =
          "host:port of the local lookup API; loopback only unless you mean it (default: ${DEFAULT-VALUE})")
  String lookup;

  @Option(
      names = "--node-id",
      defaultValue = "${env:PEERBOOK_AGENT_NODE_ID}",
      description = "this node's id (default: one made on first start and kept in the data dir)")
  String nodeId;

  @Option(
      names = "--max-serving",
      defaultValue = "8",
      description = "how many peers to serve at once; others get 503 (default: ${DEFAULT-VALUE})")
  int maxServing;

  @Option(
      names = "--retained-entries",
      defaultValue = "10000",
      description = "change-log entries kept for serving deltas (default: ${DEFAULT-VALUE})")
  int retainedEntries;

  @Option(
      names = "--max-sync-jitter-ms",
      defaultValue = "2000",
      description =
          "longest random wait before a sync a heartbeat triggered (default: ${DEFAULT-VALUE})")
  long maxSyncJitterMillis;

  @Override
  public Integer call() throws Exception {
    InetSocketAddress peerAddress = address(listen, "--listen");
    InetSocketAddress lookupAddress = address(lookup, "--lookup");
    String host = peerAddress.getHostString();
    String key;
    try (var registryClient = new RegistryClient(registry)) {
      var trusted =
          Identity.trustedKey(
              dataDir, Optional.ofNullable(trustedKey), () -> fetchWhenReachable(registryClient));
      var settings =
          new AgentSettings(
              Identity.nodeId(dataDir, Optional.ofNullable(nodeId)),
              registry,
              dataDir,
              peerAddress,
              advertiseHost == null ? host : advertiseHost,
              networkAddress == null ? host : networkAddress,
              enrollmentSecret,
              trusted,
              lookupAddress,
              maxServing,
              retainedEntries,
              Duration.ofMillis(maxSyncJitterMillis));
      key = settings.nodeId();
      Agent agent = new Agent(settings);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    agent.close();
                    stopped.countDown();
                  }));
      agent.start();
      System.out.println(
          "agent "
              + key
              + " serving peers at "
              + agent.syncAddress()
              + ", lookups at http://"
              + agent.lookupAddress().getHostString()
              + ":"
              + agent.lookupAddress().getPort()
              + "/lookup/status");
      stopped.await();
    }
    return 0;
  }

  /** The first contact may come before the data server does: wait for it, with backoff. */
  private static String fetchWhenReachable(RegistryClient registry) {
    for (int attempt = 1; ; attempt++) {
      try {
        return registry.publicKey();
      } catch (RegistryUnavailableException e) {
        long delay = Agent.backoff(attempt);
        System.err.println(
            "data server not reachable yet (" + e.getMessage() + "); again in " + delay + " ms");
        try {
          Thread.sleep(delay);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  static InetSocketAddress address(String hostPort, String option) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 1) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(new RunCommand()),
          option + " must be host:port, was " + hostPort);
    }
    return new InetSocketAddress(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
