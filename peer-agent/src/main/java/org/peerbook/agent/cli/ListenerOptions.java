package org.peerbook.agent.cli;

import java.time.Duration;
import org.peerbook.agent.transport.ListenerLimits;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What one client may take of the agent's listeners: peer, lookup and LDAP. */
class ListenerOptions {
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

  Duration idleTimeout() {
    return Duration.ofMillis(idleTimeoutMillis);
  }

  Duration requestTimeout() {
    return Duration.ofMillis(requestTimeoutMillis);
  }

  /** What one client may take of the peer and lookup listeners, checked. */
  ListenerLimits limits(CommandLine commandLine) {
    try {
      return new ListenerLimits(
          Duration.ofMillis(idleTimeoutMillis),
          Duration.ofMillis(requestTimeoutMillis),
          maxRequestBytes,
          maxConnections);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, "bad listener limits: " + e.getMessage());
    }
  }
}
