package org.peerbook.agent.cli;

import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.peerbook.agent.transport.Tls;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * TLS for an agent: a keystore to serve peers over HTTPS, a truststore for the CAs of the data
 * server and the peers. Passwords belong in the environment or the config file, not on a command
 * line that {@code ps} shows.
 */
class TlsOptions {
  @Option(
      names = "--tls-keystore",
      paramLabel = "FILE",
      defaultValue = "${env:PEERBOOK_AGENT_TLS_KEYSTORE}",
      description = {
        "PKCS#12 keystore with this agent's key and certificate: peers then reach it over HTTPS",
        "(env PEERBOOK_AGENT_TLS_KEYSTORE; default: plain HTTP)"
      })
  Path keystore;

  @Option(
      names = "--tls-keystore-password",
      defaultValue = "${env:PEERBOOK_AGENT_TLS_KEYSTORE_PASSWORD}",
      description = "its password (env PEERBOOK_AGENT_TLS_KEYSTORE_PASSWORD)")
  String keystorePassword;

  @Mixin TrustOptions trust;

  /**
   * @throws IllegalArgumentException if a store cannot be read or used
   */
  Tls resolve() {
    Optional<SSLContext> serving =
        Optional.ofNullable(keystore).map(file -> Tls.servingWith(file, chars(keystorePassword)));
    return new Tls(serving, trust.connecting());
  }

  static char[] chars(String password) {
    return password == null ? new char[0] : password.toCharArray();
  }
}
