package org.peerbook.agent.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Settings from a properties file, one per option without its dashes ({@code registry=...}, {@code
 * max-serving=12}). What wins: the command line, then the option's environment variable, then the
 * file, then the built-in default; so a deployment can ship one file and still adjust a single
 * machine by its environment.
 */
final class ConfigFile implements CommandLine.IDefaultValueProvider {
  static final String OPTION = "--config";
  static final String ENVIRONMENT = "PEERBOOK_AGENT_CONFIG";
  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");
  private final Properties settings;
  private final Map<String, String> environmentOf;

  private ConfigFile(Properties settings, Map<String, String> environmentOf) {
    this.settings = settings;
    this.environmentOf = environmentOf;
  }

  /**
   * The file named by {@code --config} among {@code args}, or else by the environment, or else the
   * OS's place for it if a file is there.
   */
  static Optional<Path> named(String[] args, AgentLocations locations) {
    Optional<Path> named = named(args);
    if (named.isPresent()) {
      return named;
    }
    return Optional.of(locations.configFile()).filter(Files::isRegularFile);
  }

  private static Optional<Path> named(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith(OPTION + "=")) {
        return Optional.of(Path.of(args[i].substring(OPTION.length() + 1)));
      }
      if (args[i].equals(OPTION) && i + 1 < args.length) {
        return Optional.of(Path.of(args[i + 1]));
      }
    }
    return Optional.ofNullable(System.getenv(ENVIRONMENT)).filter(s -> !s.isBlank()).map(Path::of);
  }

  /**
   * Reads {@code file} for the options of {@code command}.
   *
   * @throws CommandLine.ParameterException if the file cannot be read or names an unknown setting
   */
  static ConfigFile read(Path file, CommandLine command) {
    Properties settings = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      settings.load(in);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(
          command, "cannot read the config file " + file + ": " + e.getMessage());
    }
    Set<String> known = new TreeSet<>();
    Map<String, String> environmentOf = new HashMap<>();
    // the annotations' defaults as written, ${env:NAME} not yet resolved
    command.setInterpolateVariables(false);
    for (OptionSpec option : command.getCommandSpec().options()) {
      if (!option.usageHelp() && !option.versionHelp() && !option.longestName().equals(OPTION)) {
        known.add(key(option));
        Matcher env = ENV_DEFAULT.matcher(String.valueOf(option.defaultValue()));
        if (env.find()) {
          environmentOf.put(key(option), env.group(1));
        }
      }
    }
    command.setInterpolateVariables(true);
    for (String name : settings.stringPropertyNames()) {
      if (!known.contains(name)) {
        throw new CommandLine.ParameterException(
            command, "unknown setting '" + name + "' in " + file + "; known settings: " + known);
      }
    }
    return new ConfigFile(settings, environmentOf);
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option)) {
      return null;
    }
    String environment = environmentOf.get(key(option));
    if (environment != null && System.getenv(environment) != null) {
      return null; // the environment wins over the file: let the annotation resolve it
    }
    return settings.getProperty(key(option));
  }

  private static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }

  /**
   * Applies the config file named in {@code args}, or else the one at the OS's place, if any, to
   * the {@code run} command.
   */
  static void apply(String[] args, CommandLine run) {
    Optional<Path> file;
    try {
      file = named(args, AgentLocations.current());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(run, e.getMessage());
    }
    if (file.isPresent()) {
      CommandSpec spec = run.getCommandSpec();
      spec.defaultValueProvider(read(file.get(), run));
    }
  }
}
