package org.peerbook.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.directory.DirectorySettings;
import picocli.CommandLine;

/** The LDAP options of {@code run}: defaults, the config file, and what is refused at start-up. */
class RunCommandLdapTest {
  @TempDir Path dir;
  private final StringWriter errors = new StringWriter();

  @Test
  void isOffByDefaultAndOnLoopbackWhenOnlyAPortIsGiven() {
    RunCommand off = parse();
    RunCommand on = parse("--ldap", "3890");

    assertThat(off.directory()).isEmpty();
    DirectorySettings settings = on.directory().orElseThrow();
    assertThat(settings.listen().getAddress().isLoopbackAddress()).isTrue();
    assertThat(settings.listen().getPort()).isEqualTo(3890);
    assertThat(settings.baseDn()).isEqualTo("ou=people,o=peerbook");
    assertThat(settings.password()).isEmpty();
    assertThat(settings.sizeLimit()).isEqualTo(500);
    assertThat(settings.bindDn()).isEqualTo("cn=reader,ou=people,o=peerbook");
  }

  @Test
  void takesItsSettingsFromTheConfigFile() throws IOException {
    Path file = dir.resolve("agent.properties");
    Files.writeString(
        file,
        "ldap=127.0.0.2:10389\nldap-base-dn=ou=staff,dc=corp,dc=example\n"
            + "ldap-password=secret\nldap-size-limit=50\n");
    RunCommand run = new RunCommand();
    CommandLine command = new CommandLine(run);
    String[] args = {"--config", file.toString(), "--registry", "http://127.0.0.1:9/api"};
    ConfigFile.apply(args, command);
    command.parseArgs(args);

    DirectorySettings settings = run.directory().orElseThrow();
    assertThat(settings.listen().getHostString()).isEqualTo("127.0.0.2");
    assertThat(settings.listen().getPort()).isEqualTo(10389);
    assertThat(settings.baseDn()).isEqualTo("ou=staff,dc=corp,dc=example");
    assertThat(settings.password()).contains("secret");
    assertThat(settings.sizeLimit()).isEqualTo(50);
  }

  @Test
  void refusesBadSettingsAsBadOptions() {
    assertThat(run("--ldap", "389", "--ldap-size-limit", "0")).isEqualTo(2);
    assertThat(errors.toString()).contains("size limit must be between 1 and 100000");
    assertThat(run("--ldap", "389", "--ldap-base-dn", "not a dn")).isEqualTo(2);
    assertThat(errors.toString()).contains("not a base DN");
    assertThat(run("--ldap", "localhost:99999")).isEqualTo(2);
    assertThat(run("--ldap", "ldap")).isEqualTo(2);
  }

  @Test
  void refusesAPortInUseAsABadOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      String key = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());

      int exit =
          run(
              "--ldap",
              String.valueOf(taken.getLocalPort()),
              "--trusted-key",
              key,
              "--node-id",
              "ldap-test",
              "--lookup",
              "127.0.0.1:0");

      assertThat(exit).isEqualTo(2);
      assertThat(errors.toString())
          .contains("cannot listen for LDAP on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  private RunCommand parse(String... args) {
    RunCommand run = new RunCommand();
    List<String> all = new ArrayList<>(List.of("--registry", "http://127.0.0.1:9/api"));
    all.addAll(List.of(args));
    new CommandLine(run).parseArgs(all.toArray(String[]::new));
    return run;
  }

  private int run(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--registry",
                "http://127.0.0.1:9/api",
                "--data-dir",
                dir.resolve("agent").toString(),
                "--listen",
                "127.0.0.1:0"));
    all.addAll(List.of(args));
    CommandLine command = new CommandLine(new RunCommand());
    command.setErr(new PrintWriter(errors, true));
    return command.execute(all.toArray(String[]::new));
  }
}
