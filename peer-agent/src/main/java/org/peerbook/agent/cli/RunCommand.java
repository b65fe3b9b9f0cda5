package org.peerbook.agent.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.peerbook.agent.directory.DirectorySettings;
import org.peerbook.agent.directory.DirectoryUnavailableException;
import org.peerbook.agent.sync.Agent;
import org.peerbook.agent.sync.AgentSettings;
import org.peerbook.agent.sync.Identity;
import org.peerbook.agent.sync.SyncLimits;
import org.peerbook.agent.transport.ListenerLimits;
import org.peerbook.agent.transport.RegistryClient;
import org.peerbook.agent.transport.RegistryUnavailableException;
import org.peerbook.agent.transport.Tls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code run}: starts the agent and keeps it running until it is stopped (Ctrl-C, SIGTERM). */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Runs the agent: register, sync, serve peers and local lookups; deregister on exit.")
class RunCommand implements Callable<Integer> {
  @Mixin EnrollmentOptions enrollment;

  @Mixin TlsOptions tlsOptions;

  @Option(
      names = ConfigFile.OPTION,
      paramLabel = "FILE",
      description = {
        "a properties file of settings named like the options, e.g. max-serving=12",
        "(env " + ConfigFile.ENVIRONMENT + "); the command line and environment win over it;",
        "default: the OS's place if it exists: a service's /etc/peerbook/agent.properties or",
        "%%ProgramData%%\\PeerBook\\agent.properties, a user's ~/.config/peerbook/agent.properties",
        "or %%APPDATA%%\\PeerBook\\agent.properties"
      })
  Path config;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:PEERBOOK_AGENT_DATA_DIR}",
      description = {
        "where the local copy, the node id and the pinned key live (env PEERBOOK_AGENT_DATA_DIR;",
        "default: the OS's place: a service's /var/lib/peerbook-agent or %%ProgramData%%\\PeerBook\\agent,",
        "a user's ~/.local/state/peerbook-agent or %%LOCALAPPDATA%%\\PeerBook\\agent)"
      })
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
      description =
          "the IP address to report for proximity (default: the --listen host); the"
              + " registry believes it only from the addresses it was told to")
  String networkAddress;

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
      defaultValue = "${env:PEERBOOK_AGENT_MAX_SERVING:-8}",
      description =
          "how many peers to serve at once; others get 503 (env PEERBOOK_AGENT_MAX_SERVING, default: ${DEFAULT-VALUE})")
  int maxServing;

  @Option(
      names = "--retained-entries",
      defaultValue = "${env:PEERBOOK_AGENT_RETAINED_ENTRIES:-10000}",
      description =
          "change-log entries kept for serving deltas (env PEERBOOK_AGENT_RETAINED_ENTRIES, default: ${DEFAULT-VALUE})")
  int retainedEntries;

  @Option(
      names = "--max-sync-jitter-ms",
      defaultValue = "${env:PEERBOOK_AGENT_MAX_SYNC_JITTER_MS:-2000}",
      description =
          "longest random wait before a sync a heartbeat triggered; the resource manager may tell a shorter one (env PEERBOOK_AGENT_MAX_SYNC_JITTER_MS, default: ${DEFAULT-VALUE})")
  long maxSyncJitterMillis;

  @Mixin LdapOptions ldapOptions;

  @Mixin ListenerOptions listenerOptions;

  @Mixin SyncLimitOptions syncLimitOptions;

  @Option(
      names = "--lookup-token-file",
      paramLabel = "FILE",
      defaultValue = "${env:PEERBOOK_AGENT_LOOKUP_TOKEN_FILE}",
      description = {
        "a file holding a local token that every lookup must carry as Authorization: Bearer <token>",
        "(env PEERBOOK_AGENT_LOOKUP_TOKEN_FILE, default: none; lookups then need only a local Host)"
      })
  Path lookupTokenFile;

  @Spec CommandSpec spec;

  /** The sync limits the options ask for, checked. */
  SyncLimits syncLimits() {
    return syncLimitOptions.limits(spec.commandLine());
  }

  @Override
  public Integer call() throws Exception {
    if (maxServing < 1) {
      throw new ParameterException(spec.commandLine(), "--max-serving must be at least 1");
    }
    if (retainedEntries < 0) {
      throw new ParameterException(spec.commandLine(), "--retained-entries must not be negative");
    }
    if (maxSyncJitterMillis < 0) {
      throw new ParameterException(spec.commandLine(), "--max-sync-jitter-ms must not be negative");
    }
    if (dataDir == null) {
      dataDir = locations().dataDir();
    }
    ListenerLimits limits = limits();
    Optional<String> lookupToken = lookupToken();
    Optional<DirectorySettings> directory = directory();
    SyncLimits syncLimits = syncLimits();
    InetSocketAddress peerAddress = address(listen, "--listen");
    InetSocketAddress lookupAddress = address(lookup, "--lookup");
    String host = peerAddress.getHostString();
    String key;
    Tls tls;
    try {
      tls = tlsOptions.resolve();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try (var registryClient = new RegistryClient(enrollment.registry, tls.connecting())) {
      var trusted =
          Identity.trustedKey(
              dataDir, Optional.ofNullable(trustedKey), () -> fetchWhenReachable(registryClient));
      var settings =
          new AgentSettings(
              Identity.nodeId(dataDir, Optional.ofNullable(nodeId)),
              enrollment.registry,
              dataDir,
              peerAddress,
              advertiseHost == null ? host : advertiseHost,
              networkAddress == null ? host : networkAddress,
              enrollment.enrollmentSecret,
              trusted,
              lookupAddress,
              maxServing,
              retainedEntries,
              Duration.ofMillis(maxSyncJitterMillis),
              tls,
              directory,
              limits,
              lookupToken,
              syncLimits);
      key = settings.nodeId();
      Agent agent;
      try {
        agent = new Agent(settings);
      } catch (DirectoryUnavailableException e) {
        throw new ParameterException(
            spec.commandLine(), "--ldap: " + e.getMessage(), e, null, ldapOptions.ldap);
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    agent.close();
                    stopped.countDown();
                  }));
      agent.start();
      FirstSyncProgressLine.start(
          agent::syncProgress, agent::copyVersion, agent::copyIndexing, System.out);
      System.out.println(
          "agent "
              + key
              + " serving peers at "
              + agent.syncAddress()
              + ", lookups at http://"
              + agent.lookupAddress().getHostString()
              + ":"
              + agent.lookupAddress().getPort()
              + "/lookup/status"
              + ", data in "
              + dataDir.toAbsolutePath()
              + agent
                  .directoryAddress()
                  .map(
                      at ->
                          ", LDAP at ldap://"
                              + at.getAddress().getHostAddress()
                              + ":"
                              + at.getPort()
                              + "/"
                              + ldapOptions.baseDn)
                  .orElse(""));
      stopped.await();
    }
    return 0;
  }

  private AgentLocations locations() {
    try {
      return AgentLocations.current();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** What one client may take of the peer and lookup listeners, checked. */
  ListenerLimits limits() {
    return listenerOptions.limits(spec.commandLine());
  }

  /** The local lookup token, if a file names one. */
  Optional<String> lookupToken() {
    if (lookupTokenFile == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LookupToken.read(lookupTokenFile));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--lookup-token-file: " + e.getMessage());
    }
  }

  /** The LDAP directory the options ask for, if any, checked. */
  Optional<DirectorySettings> directory() {
    return ldapOptions.settings(
        listenerOptions.idleTimeout(), listenerOptions.requestTimeout(), spec.commandLine());
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
