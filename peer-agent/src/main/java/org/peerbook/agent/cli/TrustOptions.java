package org.peerbook.agent.cli;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.peerbook.agent.transport.Tls;
import picocli.CommandLine.Option;

/** Whom an agent's HTTPS calls trust: a truststore of CAs, else the JDK's. */
class TrustOptions {
  @Option(
      names = "--tls-truststore",
      paramLabel = "FILE",
      defaultValue = "${env:PEERBOOK_AGENT_TLS_TRUSTSTORE}",
      description = {
        "PKCS#12 truststore of the CAs that sign the data server's and the peers' certificates",
        "(env PEERBOOK_AGENT_TLS_TRUSTSTORE; default: the CAs the JDK trusts)"
      })
  Path truststore;

  @Option(
      names = "--tls-truststore-password",
      defaultValue = "${env:PEERBOOK_AGENT_TLS_TRUSTSTORE_PASSWORD}",
      description = "its password (env PEERBOOK_AGENT_TLS_TRUSTSTORE_PASSWORD)")
  String truststorePassword;

  /**
   * @throws IllegalArgumentException if the truststore cannot be read or used
   */
  SSLContext connecting() {
    return truststore == null
        ? Tls.none().connecting()
        : Tls.trusting(truststore, TlsOptions.chars(truststorePassword));
  }
}
