package org.peerbook.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigFileTest {
  @TempDir Path dir;

  private RunCommand parse(String config, String... args) throws IOException {
    Path file = dir.resolve("agent.properties");
    Files.writeString(file, config);
    RunCommand run = new RunCommand();
    CommandLine command = new CommandLine(run);
    String[] withConfig = new String[args.length + 2];
    withConfig[0] = "--config";
    withConfig[1] = file.toString();
    System.arraycopy(args, 0, withConfig, 2, args.length);
    ConfigFile.apply(withConfig, command);
    command.parseArgs(withConfig);
    return run;
  }

  @Test
  void takesSettingsNamedLikeTheOptions() throws IOException {
    RunCommand run =
        parse(
            "# one agent on the third floor\n"
                + "registry=http://directory.example:8080/api\n"
                + "max-serving=12\n"
                + "data-dir=/var/lib/peerbook\n");

    assertThat(run.enrollment.registry)
        .containsExactly(URI.create("http://directory.example:8080/api"));
    assertThat(run.maxServing).isEqualTo(12);
    assertThat(run.dataDir).isEqualTo(Path.of("/var/lib/peerbook"));
    assertThat(run.retainedEntries).as("built-in default").isEqualTo(10000);
  }

  @Test
  void letsTheCommandLineWinOverTheFile() throws IOException {
    RunCommand run =
        parse("registry=http://a.example:8080/api\nmax-serving=12\n", "--max-serving", "3");

    assertThat(run.maxServing).isEqualTo(3);
    assertThat(run.enrollment.registry).containsExactly(URI.create("http://a.example:8080/api"));
  }

  @Test
  void takesEveryMemberOfAClusterFromTheFileOrTheCommandLine() throws IOException {
    RunCommand fromFile = parse("registry=http://a.example:8080/api,http://b.example:8080/api\n");
    RunCommand fromCommandLine =
        parse(
            "registry=http://a.example:8080/api\n",
            "--registry=http://c.example:8080/api,http://d.example:8080/api");

    assertThat(fromFile.enrollment.registry)
        .containsExactly(
            URI.create("http://a.example:8080/api"), URI.create("http://b.example:8080/api"));
    assertThat(fromCommandLine.enrollment.registry)
        .containsExactly(
            URI.create("http://c.example:8080/api"), URI.create("http://d.example:8080/api"));
  }

  @Test
  void refusesAnUnknownSettingNamingTheKnownOnes() {
    assertThatThrownBy(() -> parse("registry=http://a.example:8080/api\nmax-servings=12\n"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("unknown setting 'max-servings'")
        .hasMessageContaining("max-serving");
  }

  @Test
  void refusesAFileThatIsNotThere() {
    CommandLine command = new CommandLine(new RunCommand());
    String[] args = {"--config", dir.resolve("missing.properties").toString()};

    assertThatThrownBy(() -> ConfigFile.apply(args, command))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("cannot read the config file");
  }
}
