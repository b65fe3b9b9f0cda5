package org.peerbook.administrators.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashTest {
  @Test
  void computesStandardPbkdf2HmacSha256SoOtherToolsCanMakeTheHashes() {
    // RFC 7914, section 11: PBKDF2-HMAC-SHA256 (P="Password", S="NaCl", c=80000, dkLen=64)
    byte[] expected =
        HexFormat.of()
            .parseHex(
                "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                    + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
    PasswordHash hash =
        new PasswordHash(80_000, "NaCl".getBytes(StandardCharsets.US_ASCII), expected);

    assertThat(hash.matches("Password".toCharArray())).isTrue();
    assertThat(hash.matches("password".toCharArray())).isFalse();
  }

  @Test
  void parsesWhatItWritesAndChecksOnlyTheRightPassword() {
    PasswordHash made = PasswordHash.of("correct horse 电池".toCharArray());

    PasswordHash read = PasswordHash.parse(made.toString());

    assertThat(read.toString()).isEqualTo(made.toString()).startsWith("pbkdf2-sha256:600000:");
    assertThat(read.matches("correct horse 电池".toCharArray())).isTrue();
    assertThat(read.matches("correct horse".toCharArray())).isFalse();
  }

  @Test
  void saltsEveryHashDifferently() {
    assertThat(PasswordHash.of("same".toCharArray()).toString())
        .isNotEqualTo(PasswordHash.of("same".toCharArray()).toString());
  }

  @Test
  void aDecoyCostsWhatARealHashCostsAndMatchesNothing() {
    PasswordHash decoy = PasswordHash.decoy();
    PasswordHash real = PasswordHash.of("decoy".toCharArray());

    assertThat(decoy.iterations()).isEqualTo(real.iterations());
    assertThat(decoy.hash()).hasSameSizeAs(real.hash());
    assertThat(decoy.salt()).hasSameSizeAs(real.salt());
    assertThat(decoy.matches("decoy".toCharArray())).isFalse();
    assertThat(decoy.matches("".toCharArray())).isFalse();
    assertThat(PasswordHash.decoy().toString()).isNotEqualTo(decoy.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain-password",
        "md5:1:AAAAAAAAAAA=:AAAAAAAAAAAAAAAAAAAAAA==",
        "pbkdf2-sha256:many:AAAAAAAAAAA=:AAAAAAAAAAAAAAAAAAAAAA==",
        "pbkdf2-sha256:1000:AAAAAAAAAAA=:AAAAAAAAAAAAAAAAAAAAAA==",
        "pbkdf2-sha256:600000:not base64!:AAAAAAAAAAAAAAAAAAAAAA==",
        "pbkdf2-sha256:600000:AAAA:AAAAAAAAAAAAAAAAAAAAAA==",
        "pbkdf2-sha256:600000:AAAAAAAAAAA=:AAAAAAAAAAAAAAAAAAAAAA==:extra"
      })
  void refusesAnythingButAStrongHash(String text) {
    assertThatThrownBy(() -> PasswordHash.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
