package org.peerbook.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.peerbook.agent.transport.Tls;

/**
 * A certificate authority for tests, made with the JDK's own keytool as an operator would: a CA
 * key, and PKCS#12 keystores of keys it signed for given IP addresses and host names.
 */
public final class TestCa {
  public static final String PASSWORD = "test-store-password";
  private static final String CA_ALIAS = "peerbook-test-ca";
  private final Path home;
  private final Path caStore;
  private final Path caCertificate;

  private TestCa(Path home) {
    this.home = home;
    this.caStore = home.resolve("ca.p12");
    this.caCertificate = home.resolve("ca.pem");
  }

  public static TestCa create(Path home) {
    TestCa ca = new TestCa(home);
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ca.keytool(
        "-genkeypair",
        "-alias",
        CA_ALIAS,
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=PeerBook Test CA",
        "-ext",
        "bc:c",
        "-validity",
        "2",
        "-keystore",
        ca.caStore.toString(),
        "-storepass",
        PASSWORD);
    ca.keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        CA_ALIAS,
        "-file",
        ca.caCertificate.toString(),
        "-keystore",
        ca.caStore.toString(),
        "-storepass",
        PASSWORD);
    return ca;
  }

  /** A truststore holding only this CA. */
  public Path truststore() {
    Path store = home.resolve("truststore.p12");
    if (Files.notExists(store)) {
      keytool(
          "-importcert",
          "-noprompt",
          "-alias",
          CA_ALIAS,
          "-file",
          caCertificate.toString(),
          "-keystore",
          store.toString(),
          "-storepass",
          PASSWORD);
    }
    return store;
  }

  public SSLContext trustingContext() {
    return Tls.trusting(truststore(), PASSWORD.toCharArray());
  }

  /**
   * A keystore with a key under {@code alias} and its chain up to this CA.
   *
   * @param subjectAlternativeNames e.g. {@code ip:127.0.0.1}, {@code dns:localhost}
   */
  public Path issue(String alias, String... subjectAlternativeNames) {
    Path store = home.resolve(alias + ".p12");
    Path request = home.resolve(alias + ".csr");
    Path certificate = home.resolve(alias + ".pem");
    String san = "san=" + String.join(",", subjectAlternativeNames);
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=" + alias,
        "-validity",
        "2",
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD);
    keytool(
        "-certreq",
        "-alias",
        alias,
        "-file",
        request.toString(),
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD);
    keytool(
        "-gencert",
        "-rfc",
        "-alias",
        CA_ALIAS,
        "-infile",
        request.toString(),
        "-outfile",
        certificate.toString(),
        "-ext",
        san,
        "-ext",
        "eku=serverAuth",
        "-validity",
        "2",
        "-keystore",
        caStore.toString(),
        "-storepass",
        PASSWORD);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        CA_ALIAS,
        "-file",
        caCertificate.toString(),
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD);
    keytool(
        "-importcert",
        "-alias",
        alias,
        "-file",
        certificate.toString(),
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD);
    return store;
  }

  private void keytool(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    Path log = home.resolve("keytool.log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + arguments[0] + " failed; see " + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
