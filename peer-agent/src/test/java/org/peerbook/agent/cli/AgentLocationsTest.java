package org.peerbook.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerbook.agent.cli.AgentLocations.Scope;

class AgentLocationsTest {
  private final FileSystem windows = Jimfs.newFileSystem(Configuration.windows());
  private final FileSystem unix = Jimfs.newFileSystem(Configuration.unix());

  @AfterEach
  void close() throws IOException {
    windows.close();
    unix.close();
  }

  private static final Map<String, String> WINDOWS_ENVIRONMENT =
      Map.of(
          "ProgramData", "C:\\ProgramData",
          "LOCALAPPDATA", "C:\\Users\\mei\\AppData\\Local",
          "APPDATA", "C:\\Users\\mei\\AppData\\Roaming");

  @Test
  void aWindowsServiceKeepsItsDataUnderProgramDataNeverInItsWorkingDirectory() {
    for (String account : new String[] {"SYSTEM", "LOCAL SERVICE", "LAPTOP-42$"}) {
      AgentLocations service =
          AgentLocations.of(
              windows, "Windows 11", WINDOWS_ENVIRONMENT, account, "C:\\Windows\\system32");

      assertThat(service.scope()).as(account).isEqualTo(Scope.MACHINE);
      assertThat(service.dataDir()).hasToString("C:\\ProgramData\\PeerBook\\agent");
      assertThat(service.configFile()).hasToString("C:\\ProgramData\\PeerBook\\agent.properties");
    }
  }

  @Test
  void aPersonOnWindowsKeepsTheCopyLocalAndTheSettingsRoaming() {
    AgentLocations user =
        AgentLocations.of(windows, "Windows 10", WINDOWS_ENVIRONMENT, "mei", "C:\\Users\\mei");
    AgentLocations withoutVariables =
        AgentLocations.of(windows, "Windows 10", Map.of(), "mei", "C:\\Users\\mei");

    assertThat(user.scope()).isEqualTo(Scope.USER);
    assertThat(user.dataDir()).hasToString("C:\\Users\\mei\\AppData\\Local\\PeerBook\\agent");
    assertThat(user.configFile())
        .hasToString("C:\\Users\\mei\\AppData\\Roaming\\PeerBook\\agent.properties");
    assertThat(withoutVariables).isEqualTo(user);
  }

  @Test
  void aSystemdServiceUsesTheDirectoriesItsUnitNames() {
    AgentLocations service =
        AgentLocations.of(
            unix,
            "Linux",
            Map.of(
                "PEERBOOK_AGENT_SCOPE", "machine",
                "STATE_DIRECTORY", "/var/lib/peerbook-agent:/var/lib/other",
                "CONFIGURATION_DIRECTORY", "/etc/peerbook"),
            "peerbook-agent",
            "/");
    AgentLocations rootWithoutSystemd = AgentLocations.of(unix, "Linux", Map.of(), "root", "/root");

    assertThat(service.scope()).isEqualTo(Scope.MACHINE);
    assertThat(service.dataDir()).hasToString("/var/lib/peerbook-agent");
    assertThat(service.configFile()).hasToString("/etc/peerbook/agent.properties");
    assertThat(rootWithoutSystemd).isEqualTo(service);
  }

  @Test
  void aPersonOnLinuxUsesTheXdgDirectoriesIgnoringRelativeOnes() {
    AgentLocations plain = AgentLocations.of(unix, "Linux", Map.of(), "mei", "/home/mei");
    AgentLocations xdg =
        AgentLocations.of(
            unix,
            "Linux",
            Map.of("XDG_STATE_HOME", "/data/mei/state", "XDG_CONFIG_HOME", "/data/mei/config"),
            "mei",
            "/home/mei");
    AgentLocations relative =
        AgentLocations.of(unix, "Linux", Map.of("XDG_STATE_HOME", "state"), "mei", "/home/mei");

    assertThat(plain.dataDir()).hasToString("/home/mei/.local/state/peerbook-agent");
    assertThat(plain.configFile()).hasToString("/home/mei/.config/peerbook/agent.properties");
    assertThat(xdg.dataDir()).hasToString("/data/mei/state/peerbook-agent");
    assertThat(xdg.configFile()).hasToString("/data/mei/config/peerbook/agent.properties");
    assertThat(relative).isEqualTo(plain);
  }

  @Test
  void theScopeSettingWinsOverTheAccount() {
    AgentLocations rootAsUser =
        AgentLocations.of(unix, "Linux", Map.of("PEERBOOK_AGENT_SCOPE", "user"), "root", "/root");
    AgentLocations mac = AgentLocations.of(unix, "Mac OS X", Map.of(), "mei", "/Users/mei");

    assertThat(rootAsUser.dataDir()).hasToString("/root/.local/state/peerbook-agent");
    assertThat(mac.dataDir()).hasToString("/Users/mei/Library/Application Support/PeerBook/agent");
    assertThatThrownBy(
            () ->
                AgentLocations.of(
                    unix, "Linux", Map.of("PEERBOOK_AGENT_SCOPE", "system"), "root", "/root"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PEERBOOK_AGENT_SCOPE must be machine or user, was 'system'");
  }

  @Test
  void readsTheConfigFileAtTheOsPlaceOnlyWhenNoneIsNamedAndOneIsThere() throws IOException {
    AgentLocations service =
        AgentLocations.of(
            windows, "Windows Server 2022", WINDOWS_ENVIRONMENT, "SYSTEM", "C:\\Windows");

    assertThat(ConfigFile.named(new String[] {"run"}, service)).isEmpty();

    Files.createDirectories(service.configFile().getParent());
    Files.writeString(service.configFile(), "registry=https://peerbook.corp.example/api\n");

    assertThat(ConfigFile.named(new String[] {"run"}, service)).contains(service.configFile());
    assertThat(ConfigFile.named(new String[] {"run", "--config", "site.properties"}, service))
        .contains(Path.of("site.properties"));
    assertThat(ConfigFile.named(new String[] {"run", "--config=other.properties"}, service))
        .isEqualTo(Optional.of(Path.of("other.properties")));
  }
}
