package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The agent jar, in its own JVM, pulls and verifies the data server's book over HTTP. */
class AgentCheckSourceIT extends SharedServerIT {

  record Run(int exitCode, String output) {}

  private Run agent(String... arguments) throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(ChildJvm.options());
    command.addAll(List.of("-jar", System.getProperty("peerbook.agentJar")));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void verifiesTheWholeBookWithTheDataServersKey() throws Exception {
    api.put("contacts/agent-check-1", "{\"displayName\":\"王小明\"}");
    api.put("contacts/agent-check-2", "{\"displayName\":\"Zoë\"}");
    var head = BookChecks.head(api);
    String key = api.get("book/public-key").object().getString("publicKey");

    Run run = checkSource(key);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("verified version " + head.version());
  }

  @Test
  void refusesTheBookUnderAnotherKey() throws Exception {
    String stranger =
        org.peerbook.protocol.HeadSignatures.encode(
            java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());

    Run run = checkSource(stranger);

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output()).contains("check failed").contains("BAD_SIGNATURE");
  }

  /** {@code check-source} against the data server, enrolling with the tests' secret. */
  private Run checkSource(String trustedKey) throws Exception {
    return agent(
        "check-source",
        "--source",
        api.base() + "sync",
        "--registry",
        api.base().toString(),
        "--enrollment-secret",
        Registrations.SECRET,
        "--trusted-key",
        trustedKey);
  }
}
