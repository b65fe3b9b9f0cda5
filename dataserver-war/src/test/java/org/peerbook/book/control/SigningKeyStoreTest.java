package org.peerbook.book.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.HeadSignatures;

class SigningKeyStoreTest {
  @TempDir Path dir;

  private Path keystore(String algorithm) throws Exception {
    Path file = dir.resolve(algorithm + ".p12");
    Process keytool =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair",
                    "-keyalg",
                    algorithm,
                    "-alias",
                    "peerbook",
                    "-keystore",
                    file.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    "secret",
                    "-dname",
                    "CN=peerbook"))
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    return file;
  }

  @Test
  void signsWithTheKeyFromTheKeystore() throws Exception {
    KeyPair keys = SigningKeyStore.load(keystore("Ed25519"), "secret", "peerbook");

    var head = HeadSignatures.sign(keys.getPrivate(), 1, Hashes.ZERO, Hashes.ZERO);
    assertThat(HeadSignatures.isSignedBy(keys.getPublic(), head)).isTrue();
  }

  @Test
  void refusesAnAliasThatIsNotThere() throws Exception {
    Path file = keystore("Ed25519");
    assertThatThrownBy(() -> SigningKeyStore.load(file, "secret", "other"))
        .hasMessageContaining("has no key pair named other");
  }

  @Test
  void refusesAKeyThatIsNotEd25519() throws Exception {
    Path file = keystore("RSA");
    assertThatThrownBy(() -> SigningKeyStore.load(file, "secret", "peerbook"))
        .hasMessageContaining("not Ed25519");
  }

  @Test
  void refusesAWrongPassword() throws Exception {
    Path file = keystore("Ed25519");
    assertThatThrownBy(() -> SigningKeyStore.load(file, "wrong", "peerbook"))
        .hasMessageContaining("cannot read signing keystore");
  }
}
