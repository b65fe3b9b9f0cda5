package org.peerbook.agent.directory;

import com.unboundid.ldap.sdk.DN;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * How the agent offers its copy as an LDAP directory.
 *
 * @param listen where to listen (loopback unless the user asked otherwise; port 0: any free one)
 * @param baseDn the entry all contacts sit under, e.g. {@code ou=people,o=peerbook}
 * @param password if present, searches need a simple bind as {@link #bindDn()} with it
 * @param sizeLimit the most entries one search returns, whatever the client asks
 * @param idleTimeout how long a connection may send nothing before it is closed
 * @param requestTimeout how long one LDAP message may take to arrive, from its first byte
 * @param maxConnections connections served at once; further ones are closed at once
 * @param timeLimit the longest one search may take, whatever the client asks (a client's shorter
 *     limit still applies): a filter no index narrows reads the whole book
 */
public record DirectorySettings(
    InetSocketAddress listen,
    String baseDn,
    Optional<String> password,
    int sizeLimit,
    Duration idleTimeout,
    Duration requestTimeout,
    int maxConnections,
    Duration timeLimit) {
  public static final int MAX_SIZE_LIMIT = 100_000;

  /** Each connection is a thread of the listener's: enough for the clients of one machine. */
  public static final int DEFAULT_MAX_CONNECTIONS = 32;

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** A mail client's search request is a few hundred bytes: it arrives at once. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Outlook gives up on a directory after 60 s by default; a whole-book read takes seconds. */
  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(30);

  /** With the default timeouts and connection cap. */
  public DirectorySettings(
      InetSocketAddress listen, String baseDn, Optional<String> password, int sizeLimit) {
    this(
        listen,
        baseDn,
        password,
        sizeLimit,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_TIME_LIMIT);
  }

  /**
   * @throws IllegalArgumentException if the base DN is not a DN, the address is not resolved, the
   *     size limit is out of range or the password is empty
   */
  public DirectorySettings {
    if (listen.isUnresolved()) {
      throw new IllegalArgumentException("unknown host " + listen.getHostString());
    }
    if (!DN.isValidDN(baseDn) || baseDn.isBlank()) {
      throw new IllegalArgumentException("not a base DN: '" + baseDn + "'");
    }
    if (password.isPresent() && password.get().isEmpty()) {
      throw new IllegalArgumentException("the password must not be empty");
    }
    if (sizeLimit < 1 || sizeLimit > MAX_SIZE_LIMIT) {
      throw new IllegalArgumentException(
          "the size limit must be between 1 and " + MAX_SIZE_LIMIT + ", was " + sizeLimit);
    }
    if (idleTimeout.isNegative()
        || idleTimeout.isZero()
        || idleTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "the idle timeout must be positive and below 24 days, was " + idleTimeout);
    }
    if (requestTimeout.isNegative()
        || requestTimeout.isZero()
        || requestTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "the request timeout must be positive and below 24 days, was " + requestTimeout);
    }
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("the time limit must be positive, was " + timeLimit);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "at least 1 LDAP connection must be allowed, was " + maxConnections);
    }
  }

  /** The one account there is: {@code cn=reader,} and the base DN. */
  public String bindDn() {
    return "cn=reader," + baseDn;
  }
}
