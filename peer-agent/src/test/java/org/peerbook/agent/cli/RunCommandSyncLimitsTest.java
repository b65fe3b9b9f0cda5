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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerbook.agent.sync.SyncLimits;
import org.peerbook.protocol.SlowSource;
import picocli.CommandLine;

/** The {@code --sync-*} options of {@code run}: defaults, the config file, what is refused. */
class RunCommandSyncLimitsTest {
  @TempDir Path dir;

  private static RunCommand parse(String... args) {
    RunCommand run = new RunCommand();
    List<String> all = new ArrayList<>(List.of("--registry", "http://127.0.0.1:9/api"));
    all.addAll(List.of(args));
    CommandLine command = new CommandLine(run);
    command.parseArgs(all.toArray(String[]::new));
    return run;
  }

  @Test
  void defaultToTheBuiltInLimits() {
    assertThat(parse().syncLimits()).isEqualTo(SyncLimits.DEFAULTS);
  }

  @Test
  void takeTheLimitsFromTheConfigFileInMebibytesAndSeconds() throws IOException {
    Path file = dir.resolve("agent.properties");
    Files.writeString(
        file,
        "sync-max-requests=7\nsync-deadline-seconds=9\nsync-max-received-mb=3\n"
            + "sync-max-decoded-mb=5\nsync-max-page-mb=2\n"
            + "sync-answer-timeout-seconds=4\nsync-min-kb-per-second=8\n"
            + "slow-source-kb-per-second=100\nslow-source-patience-ms=250\n");
    RunCommand run = new RunCommand();
    CommandLine command = new CommandLine(run);
    String[] args = {"--config", file.toString(), "--registry", "http://127.0.0.1:9/api"};
    ConfigFile.apply(args, command);
    command.parseArgs(args);

    assertThat(run.syncLimits())
        .isEqualTo(
            new SyncLimits(
                7,
                Duration.ofSeconds(9),
                3L << 20,
                5L << 20,
                2L << 20,
                Duration.ofSeconds(4),
                8L << 10,
                new SlowSource(Duration.ofMillis(250), 100L << 10)));
  }

  @Test
  void neverHedgesASlowSourceAtARateOfZero() {
    assertThat(parse("--slow-source-kb-per-second=0").syncLimits().slowSource().leaves()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--sync-max-requests=0",
        "--sync-deadline-seconds=0",
        "--sync-answer-timeout-seconds=0",
        "--sync-min-kb-per-second=-1",
        "--sync-max-received-mb=-1",
        "--sync-max-decoded-mb=0",
        "--sync-max-page-mb=99999999999",
        "--slow-source-kb-per-second=-1",
        "--slow-source-patience-ms=0"
      })
  void refusesALimitThatIsNotPositiveOrTooLarge(String option) {
    RunCommand run = parse(option);

    assertThatThrownBy(run::syncLimits)
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--sync-");
  }
}
