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
        ca.caStore,
        "-genkeypair",
        "-alias",
        CA_ALIAS,
        "-dname",
        "CN=PeerBook Test CA",
        "-ext",
        "bc:c");
    ca.keytool(ca.caStore, "-exportcert", "-rfc", "-alias", CA_ALIAS, "-file", ca.caCertificate);
    return ca;
  }

  /** A truststore holding only this CA. */
  public Path truststore() {
    Path store = home.resolve("truststore.p12");
    if (Files.notExists(store)) {
      importCaInto(store);
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
    keytool(store, "-genkeypair", "-alias", alias, "-dname", "CN=" + alias);
    keytool(store, "-certreq", "-alias", alias, "-file", request);
    keytool(
        caStore,
        "-gencert",
        "-rfc",
        "-alias",
        CA_ALIAS,
        "-infile",
        request,
        "-outfile",
        certificate,
        "-ext",
        "san=" + String.join(",", subjectAlternativeNames),
        "-ext",
        "eku=serverAuth");
    importCaInto(store);
    keytool(store, "-importcert", "-alias", alias, "-file", certificate);
    return store;
  }

  private void importCaInto(Path store) {
    keytool(store, "-importcert", "-noprompt", "-alias", CA_ALIAS, "-file", caCertificate);
  }

  /** keytool on {@code store}; new keys are 2048-bit RSA and everything is valid for two days. */
  private void keytool(Path store, Object... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    for (Object argument : arguments) {
      command.add(argument.toString());
    }
    if ("-genkeypair".equals(arguments[0])) {
      command.addAll(List.of("-keyalg", "RSA", "-keysize", "2048"));
    }
    if (!"-exportcert".equals(arguments[0]) && !"-certreq".equals(arguments[0])) {
      command.addAll(List.of("-validity", "2"));
    }
    command.addAll(List.of("-keystore", store.toString(), "-storepass", PASSWORD));
    run(command);
  }

  private void run(List<String> command) {
    Path log = home.resolve("keytool.log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed; see " + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
