package org.peerbook.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.transport.ListenerLimits;
import picocli.CommandLine;

/** The listener limits and the lookup token of {@code run}: defaults, options, the config file. */
class RunCommandLimitsTest {
  @TempDir Path dir;

  private static RunCommand parse(String... args) {
    RunCommand run = new RunCommand();
    List<String> all = new ArrayList<>(List.of("--registry", "http://127.0.0.1:9/api"));
    all.addAll(List.of(args));
    new CommandLine(run).parseArgs(all.toArray(String[]::new));
    return run;
  }

  @Test
  void boundsEveryListenerByDefault() {
    RunCommand run = parse("--ldap", "0");

    assertThat(run.limits()).isEqualTo(ListenerLimits.defaults());
    assertThat(run.lookupToken()).isEmpty();
    assertThat(run.directory().orElseThrow().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(run.directory().orElseThrow().maxConnections()).isEqualTo(32);
  }

  @Test
  void takesLimitsFromOptionsAndTheTokenFromItsFile() throws IOException {
    Path token = dir.resolve("lookup-token");
    Files.writeString(token, "  abc.DEF-123\n");

    RunCommand run =
        parse(
            "--idle-timeout-ms=5000",
            "--request-timeout-ms=2000",
            "--max-request-bytes=4096",
            "--max-connections=16",
            "--ldap=0",
            "--ldap-max-connections=4",
            "--lookup-token-file=" + token);

    assertThat(run.limits())
        .isEqualTo(new ListenerLimits(Duration.ofSeconds(5), Duration.ofSeconds(2), 4096, 16));
    assertThat(run.lookupToken()).contains("abc.DEF-123");
    assertThat(run.directory().orElseThrow().idleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(run.directory().orElseThrow().maxConnections()).isEqualTo(4);
  }

  @Test
  void takesThemFromTheConfigFile() throws IOException {
    Path file = dir.resolve("agent.properties");
    Files.writeString(file, "max-connections=8\nrequest-timeout-ms=1500\n");
    RunCommand run = new RunCommand();
    CommandLine command = new CommandLine(run);
    String[] args = {"--config", file.toString(), "--registry", "http://127.0.0.1:9/api"};
    ConfigFile.apply(args, command);
    command.parseArgs(args);

    assertThat(run.limits().maxConnections()).isEqualTo(8);
    assertThat(run.limits().requestTimeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void refusesLimitsThatBoundNothingAndAnEmptyToken() throws IOException {
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "\n");

    assertThatThrownBy(() -> parse("--max-connections=0").limits())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("connection");
    assertThatThrownBy(() -> parse("--request-timeout-ms=0").limits())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("request timeout");
    assertThatThrownBy(() -> parse("--lookup-token-file=" + empty).lookupToken())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("holds no token");
  }
}
