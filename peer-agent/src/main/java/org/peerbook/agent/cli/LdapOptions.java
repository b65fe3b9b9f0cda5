package org.peerbook.agent.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.peerbook.agent.directory.DirectorySettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code run}'s options for the copy as an LDAP directory ({@code --ldap...}). */
class LdapOptions {
  @Option(
      names = "--ldap",
      paramLabel = "[HOST:]PORT",
      defaultValue = "${env:PEERBOOK_AGENT_LDAP}",
      description = {
        "offer the copy as a read-only LDAP directory on this port, on loopback (127.0.0.1)",
        "unless a host is given; port 0 picks a free one (env PEERBOOK_AGENT_LDAP, default: off)"
      })
  String ldap;

  @Option(
      names = "--ldap-base-dn",
      defaultValue = "${env:PEERBOOK_AGENT_LDAP_BASE_DN:-ou=people,o=peerbook}",
      description =
          "the DN contacts are under, as uid=<id> (env PEERBOOK_AGENT_LDAP_BASE_DN, default: ${DEFAULT-VALUE})")
  String baseDn;

  @Option(
      names = "--ldap-password",
      defaultValue = "${env:PEERBOOK_AGENT_LDAP_PASSWORD}",
      description = {
        "if set, searches need a simple bind as cn=reader,<base DN> with this password",
        "(env PEERBOOK_AGENT_LDAP_PASSWORD, default: anonymous binds)"
      })
  String password;

  @Option(
      names = "--ldap-size-limit",
      defaultValue = "${env:PEERBOOK_AGENT_LDAP_SIZE_LIMIT:-500}",
      description =
          "the most entries one search returns (env PEERBOOK_AGENT_LDAP_SIZE_LIMIT, default: ${DEFAULT-VALUE})")
  int sizeLimit;

  @Option(
      names = "--ldap-time-limit-seconds",
      defaultValue = "${env:PEERBOOK_AGENT_LDAP_TIME_LIMIT_SECONDS:-30}",
      description =
          "the longest one LDAP search may take, whatever the client asks (env PEERBOOK_AGENT_LDAP_TIME_LIMIT_SECONDS, default: ${DEFAULT-VALUE})")
  long timeLimitSeconds;

  @Option(
      names = "--ldap-max-connections",
      defaultValue = "${env:PEERBOOK_AGENT_LDAP_MAX_CONNECTIONS:-32}",
      description = {
        "LDAP connections served at once, each a thread; further ones are closed",
        "(env PEERBOOK_AGENT_LDAP_MAX_CONNECTIONS, default: ${DEFAULT-VALUE})"
      })
  int maxConnections;

  /**
   * The directory these options ask for, if any, checked.
   *
   * @param idleTimeout how long a connection may send nothing, as for the other listeners
   * @param requestTimeout how long one message may take to arrive, as for the other listeners
   * @throws ParameterException naming what is wrong
   */
  Optional<DirectorySettings> settings(
      Duration idleTimeout, Duration requestTimeout, CommandLine commandLine) {
    if (ldap == null || ldap.isBlank()) {
      return Optional.empty();
    }
    String hostPort = ldap.strip();
    int colon = hostPort.lastIndexOf(':');
    String host = colon < 0 ? "127.0.0.1" : hostPort.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ParameterException(commandLine, "--ldap must be [host:]port, was '" + ldap + "'");
    }
    if (port < 0 || port > 65535 || host.isEmpty()) {
      throw new ParameterException(
          commandLine, "--ldap must be [host:]port with a port up to 65535, was " + ldap);
    }
    try {
      return Optional.of(
          new DirectorySettings(
              new InetSocketAddress(host, port),
              baseDn,
              Optional.ofNullable(password),
              sizeLimit,
              idleTimeout,
              requestTimeout,
              maxConnections,
              Duration.ofSeconds(timeLimitSeconds)));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, "bad LDAP settings: " + e.getMessage());
    }
  }
}
