package org.peerbook.agent.sync;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.peerbook.agent.directory.DirectorySettings;
import org.peerbook.agent.transport.ListenerLimits;
import org.peerbook.agent.transport.Tls;

/**
 * Everything an agent needs to run, as the command line resolved it.
 *
 * @param registryApis the data server's API roots, e.g. {@code http://localhost:8080/api}: one, or
 *     one per member of a cluster
 * @param listen where to serve other peers (port 0: any free port)
 * @param advertisedHost the host name or address peers reach this agent by
 * @param networkAddress the IP address reported to the resource manager for proximity
 * @param lookupListen where the local lookup API listens (loopback by default)
 * @param maxSyncJitter the longest random wait before a sync that a heartbeat triggered
 * @param tls whether peers reach this agent over HTTPS, and whom its own calls trust
 * @param directory the LDAP directory view of the copy, if wanted
 * @param limits what one client may take of the peer and lookup listeners
 * @param lookupToken if present, every local lookup must carry it as a Bearer token
 * @param sync how much one sync with one source may take
 */
public record AgentSettings(
    String nodeId,
    List<URI> registryApis,
    Path dataDir,
    InetSocketAddress listen,
    String advertisedHost,
    String networkAddress,
    String enrollmentSecret,
    PublicKey trustedKey,
    InetSocketAddress lookupListen,
    int maxServing,
    int retainedEntries,
    Duration maxSyncJitter,
    Tls tls,
    Optional<DirectorySettings> directory,
    ListenerLimits limits,
    Optional<String> lookupToken,
    SyncLimits sync) {

  public AgentSettings {
    registryApis = List.copyOf(registryApis);
    if (registryApis.isEmpty()) {
      throw new IllegalArgumentException("at least one registry address is needed");
    }
  }

  /** Settings with the listeners' and syncs' default limits and no lookup token. */
  public AgentSettings(
      String nodeId,
      List<URI> registryApis,
      Path dataDir,
      InetSocketAddress listen,
      String advertisedHost,
      String networkAddress,
      String enrollmentSecret,
      PublicKey trustedKey,
      InetSocketAddress lookupListen,
      int maxServing,
      int retainedEntries,
      Duration maxSyncJitter,
      Tls tls,
      Optional<DirectorySettings> directory) {
    this(
        nodeId,
        registryApis,
        dataDir,
        listen,
        advertisedHost,
        networkAddress,
        enrollmentSecret,
        trustedKey,
        lookupListen,
        maxServing,
        retainedEntries,
        maxSyncJitter,
        tls,
        directory,
        ListenerLimits.defaults(),
        Optional.empty(),
        SyncLimits.DEFAULTS);
  }
}
