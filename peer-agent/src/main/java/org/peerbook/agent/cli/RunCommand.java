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
      description = "the IP address to report for proximity (default: the --listen host)")
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

  @Option(
      names = "--idle-timeout-ms",
      defaultValue = "${env:PEERBOOK_AGENT_IDLE_TIMEOUT_MS:-30000}",
      description = {
        "how long a connection to the peer, lookup or LDAP listener may send nothing",
        "(env PEERBOOK_AGENT_IDLE_TIMEOUT_MS, default: ${DEFAULT-VALUE})"
      })
  long idleTimeoutMillis;

  @Option(
      names = "--request-timeout-ms",
      defaultValue = "${env:PEERBOOK_AGENT_REQUEST_TIMEOUT_MS:-10000}",
      description = {
        "how long one request to the peer, lookup or LDAP listener may take to arrive (HTTP: headers",
        "and body; LDAP: one message from its first byte);",
        "slower ones are cut (env PEERBOOK_AGENT_REQUEST_TIMEOUT_MS, default: ${DEFAULT-VALUE})"
      })
  long requestTimeoutMillis;

  @Option(
      names = "--max-request-bytes",
      defaultValue = "${env:PEERBOOK_AGENT_MAX_REQUEST_BYTES:-65536}",
      description =
          "the largest sync request body a peer may send; larger get 413 (env PEERBOOK_AGENT_MAX_REQUEST_BYTES, default: ${DEFAULT-VALUE})")
  int maxRequestBytes;

  @Option(
      names = "--max-connections",
      defaultValue = "${env:PEERBOOK_AGENT_MAX_CONNECTIONS:-64}",
      description = {
        "connections open at once on the peer listener, and again on the lookup listener;",
        "further ones wait to be accepted (env PEERBOOK_AGENT_MAX_CONNECTIONS, default: ${DEFAULT-VALUE})"
      })
  int maxConnections;

  @Option(
      names = "--lookup-token-file",
      paramLabel = "FILE",
      defaultValue = "${env:PEERBOOK_AGENT_LOOKUP_TOKEN_FILE}",
      description = {
        "a file holding a local token that every lookup must carry as Authorization: Bearer <token>",
        "(env PEERBOOK_AGENT_LOOKUP_TOKEN_FILE, default: none; lookups then need only a local Host)"
      })
  Path lookupTokenFile;

  // ---- the bounds of one sync with one source (SyncLimits) ----

  private static final long MAX_MB = 1L << 30;

  @Option(
      names = "--sync-max-requests",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_MAX_REQUESTS:-500}",
      description =
          "most requests (pages) in one sync with one source (env PEERBOOK_AGENT_SYNC_MAX_REQUESTS, default: ${DEFAULT-VALUE})")
  int syncMaxRequests;

  @Option(
      names = "--sync-deadline-seconds",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_DEADLINE_SECONDS:-60}",
      description =
          "longest one sync with one source may wait for it in all: connecting, answers, their bytes (env PEERBOOK_AGENT_SYNC_DEADLINE_SECONDS, default: ${DEFAULT-VALUE})")
  long syncDeadlineSeconds;

  @Option(
      names = "--sync-max-received-mb",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_MAX_RECEIVED_MB:-256}",
      description =
          "most MiB read from the wire (gzip) in one sync (env PEERBOOK_AGENT_SYNC_MAX_RECEIVED_MB, default: ${DEFAULT-VALUE})")
  long syncMaxReceivedMb;

  @Option(
      names = "--sync-max-decoded-mb",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_MAX_DECODED_MB:-1024}",
      description =
          "most MiB of JSON after gunzip in one sync (env PEERBOOK_AGENT_SYNC_MAX_DECODED_MB, default: ${DEFAULT-VALUE})")
  long syncMaxDecodedMb;

  @Option(
      names = "--sync-max-page-mb",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_MAX_PAGE_MB:-64}",
      description =
          "most MiB of JSON in one answer held whole, a delta page (env PEERBOOK_AGENT_SYNC_MAX_PAGE_MB, default: ${DEFAULT-VALUE})")
  long syncMaxPageMb;

  @Option(
      names = "--sync-answer-timeout-seconds",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_ANSWER_TIMEOUT_SECONDS:-10}",
      description =
          "longest a source may take to start an answer, and to wait in all before --sync-min-kb-per-second applies (env PEERBOOK_AGENT_SYNC_ANSWER_TIMEOUT_SECONDS, default: ${DEFAULT-VALUE})")
  long syncAnswerTimeoutSeconds;

  @Option(
      names = "--sync-min-kb-per-second",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_MIN_KB_PER_SECOND:-32}",
      description =
          "KiB a source must send per second of waiting once the answer timeout passed; slower ones are cut (env PEERBOOK_AGENT_SYNC_MIN_KB_PER_SECOND, default: ${DEFAULT-VALUE})")
  long syncMinKbPerSecond;

  @Spec CommandSpec spec;

  /** The sync limits the options ask for, checked. */
  SyncLimits syncLimits() {
    if (syncMaxRequests < 1
        || syncDeadlineSeconds < 1
        || syncMaxReceivedMb < 1
        || syncMaxDecodedMb < 1
        || syncMaxPageMb < 1
        || syncAnswerTimeoutSeconds < 1
        || syncMinKbPerSecond < 0
        || syncMinKbPerSecond > MAX_MB
        || syncMaxReceivedMb > MAX_MB
        || syncMaxDecodedMb > MAX_MB
        || syncMaxPageMb > MAX_MB) {
      throw new ParameterException(
          spec.commandLine(),
          "--sync-max-requests, --sync-deadline-seconds, --sync-max-received-mb,"
              + " --sync-max-decoded-mb, --sync-max-page-mb and --sync-answer-timeout-seconds"
              + " must be at least 1, --sync-min-kb-per-second at least 0"
              + " (and the sizes at most "
              + MAX_MB
              + ")");
    }
    return new SyncLimits(
        syncMaxRequests,
        Duration.ofSeconds(syncDeadlineSeconds),
        syncMaxReceivedMb << 20,
        syncMaxDecodedMb << 20,
        syncMaxPageMb << 20,
        Duration.ofSeconds(syncAnswerTimeoutSeconds),
        syncMinKbPerSecond << 10);
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
      FirstSyncProgressLine.start(agent::syncProgress, agent::copyVersion, System.out);
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
    try {
      return new ListenerLimits(
          Duration.ofMillis(idleTimeoutMillis),
          Duration.ofMillis(requestTimeoutMillis),
          maxRequestBytes,
          maxConnections);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "bad listener limits: " + e.getMessage());
    }
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
        Duration.ofMillis(idleTimeoutMillis),
        Duration.ofMillis(requestTimeoutMillis),
        spec.commandLine());
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
