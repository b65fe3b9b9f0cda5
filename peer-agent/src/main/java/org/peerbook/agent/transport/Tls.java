package org.peerbook.agent.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the agent speaks TLS: whether it serves peers over HTTPS (with its own key and certificate),
 * and which certificate authorities it trusts when it calls the data server and other peers.
 *
 * @param serving present: peers reach this agent over HTTPS
 * @param connecting the context of every outgoing call; the JDK's trusted CAs by default
 */
public record Tls(Optional<SSLContext> serving, SSLContext connecting) {

  /** Plain HTTP to peers; outgoing HTTPS trusts what the JDK trusts. */
  public static Tls none() {
    return new Tls(Optional.empty(), jdkDefault());
  }

  public String scheme() {
    return serving.isPresent() ? "https" : "http";
  }

  /**
   * @param keystore a PKCS#12 (or JKS) keystore with one private key and its certificate chain
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static SSLContext servingWith(Path keystore, char[] password) {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(load(keystore, password), password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the keystore " + keystore + ": " + e, e);
    }
  }

  /**
   * @param truststore a PKCS#12 (or JKS) keystore of the CA certificates to trust
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static SSLContext trusting(Path truststore, char[] password) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(truststore, password));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the truststore " + truststore + ": " + e, e);
    }
  }

  private static KeyStore load(Path file, char[] password) throws GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      // PKCS12 reads JKS files too (the JDK's keystore.type.compat)
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      return store;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + file + " (missing, or a wrong password?): " + e.getMessage(), e);
    }
  }

  private static SSLContext jdkDefault() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no default TLS context", e);
    }
  }
}
