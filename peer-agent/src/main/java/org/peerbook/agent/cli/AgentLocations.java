package org.peerbook.agent.cli;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the agent keeps its data and looks for its config file when no option names them: the
 * places each OS has for them, machine-wide for a service, in the user's own directories for a
 * person. Never the working directory: a Windows service starts in {@code System32}.
 *
 * @param dataDir the copy, the node id, the node token and the pinned key
 * @param configFile the properties file read when it exists and neither {@code --config} nor {@code
 *     PEERBOOK_AGENT_CONFIG} names one
 */
public record AgentLocations(Scope scope, Path dataDir, Path configFile) {
  /** Set by the service definitions; without it the scope follows the account. */
  static final String SCOPE_ENVIRONMENT = "PEERBOOK_AGENT_SCOPE";

  /** Whose agent this is. */
  public enum Scope {
    /** a service of the machine: machine-wide directories */
    MACHINE,
    /** a person's own agent: the user's directories */
    USER
  }

  // the accounts Windows runs services as; "root" is their Unix counterpart
  private static final Set<String> SERVICE_ACCOUNTS =
      Set.of("system", "local service", "network service", "root");

  /** The locations for this process. */
  static AgentLocations current() {
    return of(
        FileSystems.getDefault(),
        System.getProperty("os.name"),
        System.getenv(),
        System.getProperty("user.name"),
        System.getProperty("user.home"));
  }

  /**
   * The locations for a process on {@code osName} with this environment and account, as paths of
   * {@code fileSystem}.
   *
   * @throws IllegalArgumentException if {@value #SCOPE_ENVIRONMENT} is neither {@code machine} nor
   *     {@code user}
   */
  static AgentLocations of(
      FileSystem fileSystem,
      String osName,
      Map<String, String> environment,
      String userName,
      String userHome) {
    Scope scope = scope(environment.get(SCOPE_ENVIRONMENT), userName);
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      return windows(fileSystem, scope, environment, userHome);
    }
    if (os.startsWith("mac")) {
      String root = scope == Scope.MACHINE ? "/Library" : userHome + "/Library";
      Path home = fileSystem.getPath(root, "Application Support", "PeerBook");
      return new AgentLocations(scope, home.resolve("agent"), home.resolve("agent.properties"));
    }
    return unix(fileSystem, scope, environment, userHome);
  }

  private static Scope scope(String setting, String userName) {
    if (setting != null && !setting.isBlank()) {
      try {
        return Scope.valueOf(setting.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            SCOPE_ENVIRONMENT + " must be machine or user, was '" + setting + "'");
      }
    }
    String account = userName == null ? "" : userName.toLowerCase(Locale.ROOT);
    // a Windows service running as a machine account shows the computer's name ending in $
    return SERVICE_ACCOUNTS.contains(account) || account.endsWith("$") ? Scope.MACHINE : Scope.USER;
  }

  private static AgentLocations windows(
      FileSystem fileSystem, Scope scope, Map<String, String> environment, String userHome) {
    if (scope == Scope.MACHINE) {
      Path home =
          fileSystem.getPath(
              environment.getOrDefault("ProgramData", "C:\\ProgramData"), "PeerBook");
      return new AgentLocations(scope, home.resolve("agent"), home.resolve("agent.properties"));
    }
    Path local =
        fileSystem.getPath(
            variable(environment, "LOCALAPPDATA").orElse(userHome + "\\AppData\\Local"),
            "PeerBook");
    Path roaming =
        fileSystem.getPath(
            variable(environment, "APPDATA").orElse(userHome + "\\AppData\\Roaming"), "PeerBook");
    // the copy is large and rebuilt anywhere: local; the settings follow the person: roaming
    return new AgentLocations(scope, local.resolve("agent"), roaming.resolve("agent.properties"));
  }

  private static AgentLocations unix(
      FileSystem fileSystem, Scope scope, Map<String, String> environment, String userHome) {
    if (scope == Scope.MACHINE) {
      // systemd names the unit's StateDirectory= and ConfigurationDirectory= (colon-separated)
      Path data =
          variable(environment, "STATE_DIRECTORY")
              .map(list -> fileSystem.getPath(list.split(":")[0]))
              .orElse(fileSystem.getPath("/var/lib/peerbook-agent"));
      Path config =
          variable(environment, "CONFIGURATION_DIRECTORY")
              .map(list -> fileSystem.getPath(list.split(":")[0]))
              .orElse(fileSystem.getPath("/etc/peerbook"));
      return new AgentLocations(scope, data, config.resolve("agent.properties"));
    }
    // the XDG base directory spec: a relative path in these variables is to be ignored
    Path state =
        variable(environment, "XDG_STATE_HOME")
            .map(fileSystem::getPath)
            .filter(Path::isAbsolute)
            .orElse(fileSystem.getPath(userHome, ".local", "state"));
    Path config =
        variable(environment, "XDG_CONFIG_HOME")
            .map(fileSystem::getPath)
            .filter(Path::isAbsolute)
            .orElse(fileSystem.getPath(userHome, ".config"));
    return new AgentLocations(
        scope, state.resolve("peerbook-agent"), config.resolve("peerbook/agent.properties"));
  }

  private static Optional<String> variable(Map<String, String> environment, String name) {
    return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
  }
}
