package org.peerbook.administrators.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BasicCredentialsTest {
  @Test
  void readsNameAndPasswordInUtf8WithColonsInThePassword() {
    String header = "basic " + base64("管理者:pa:ss wörd");

    BasicCredentials credentials = BasicCredentials.parse(header).orElseThrow();

    assertThat(credentials.name()).isEqualTo("管理者");
    assertThat(new String(credentials.password())).isEqualTo("pa:ss wörd");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "Basic",
        "Basic ",
        "Bearer v1.abc.1.sig",
        "Basic not-base64!",
        "Basic bm8tY29sb24=", // "no-colon"
        "Basic OnBhc3N3b3Jk", // ":password", no name
        "Basic //79" // not UTF-8
      })
  void takesAnythingElseAsNoCredentials(String header) {
    assertThat(BasicCredentials.parse(header)).isEmpty();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
