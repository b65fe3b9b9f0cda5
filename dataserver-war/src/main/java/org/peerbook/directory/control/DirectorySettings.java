package org.peerbook.directory.control;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.peerbook.directory.entity.ContactField;
import org.peerbook.directory.entity.DirectorySource;
import org.peerbook.directory.entity.Flavour;

/**
 * Reads the configured sources from {@code peerbook.directory.*} settings and checks them all at
 * once: a misconfigured source (unknown flavour, bad URL or DN or filter, a mapping to an unknown
 * field, a misspelt key) is refused with every problem listed, so the server does not start with it
 * rather than silently syncing the wrong thing.
 */
public final class DirectorySettings {
  public static final String PREFIX = "peerbook.directory.";
  public static final String SOURCES = PREFIX + "sources";

  private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  // a descriptor with options (cn;lang-de) or a numeric OID
  private static final Pattern ATTRIBUTE =
      Pattern.compile("([A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+)(;[A-Za-z0-9-]+)*");
  private static final Set<String> KEYS =
      Set.of(
          "url",
          "bind-dn",
          "password",
          "base-dn",
          "filter",
          "page-size",
          "interval",
          "timeout",
          "max-entries",
          "max-run-time",
          "flavour");
  private static final int MAX_PAGE_SIZE = 10_000;

  /**
   * A run holds every entry it read until it compares them with the book: a directory that sends
   * entries without end, or a filter that selects far more than people, must fail the run before it
   * fills the heap. A million is ten times the largest book measured (AgentBenchmark).
   */
  private static final int DEFAULT_MAX_ENTRIES = 1_000_000;

  private static final int MAX_MAX_ENTRIES = 100_000_000;

  private final Function<String, Optional<String>> settings;
  private final List<String> problems = new ArrayList<>();

  private DirectorySettings(Function<String, Optional<String>> settings) {
    this.settings = settings;
  }

  /**
   * @param settings a setting by its key (blank counts as absent)
   * @param names every setting's name the configuration knows, for refusing misspelt keys (may hold
   *     environment variable names)
   */
  public static List<DirectorySource> read(
      Function<String, Optional<String>> settings, Iterable<String> names) {
    DirectorySettings reader = new DirectorySettings(key -> settings.apply(key).map(String::strip));
    List<DirectorySource> sources = reader.sources(names);
    if (!reader.problems.isEmpty()) {
      throw new InvalidDirectorySettingsException(reader.problems);
    }
    return sources;
  }

  private List<DirectorySource> sources(Iterable<String> names) {
    Set<String> sourceNames = new LinkedHashSet<>();
    for (String name : text(SOURCES).map(s -> s.split(",")).orElse(new String[0])) {
      String trimmed = name.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (!SOURCE_NAME.matcher(trimmed).matches()) {
        problems.add(SOURCES + ": '" + trimmed + "' is not a source name (a-z, 0-9, -)");
      } else if (!sourceNames.add(trimmed)) {
        problems.add(SOURCES + ": '" + trimmed + "' is named twice");
      }
    }
    refuseUnknownKeys(sourceNames, names);
    List<DirectorySource> sources = new ArrayList<>();
    for (String name : sourceNames) {
      source(name).ifPresent(sources::add);
    }
    return sources;
  }

  private Optional<DirectorySource> source(String name) {
    String prefix = PREFIX + name + ".";
    int before = problems.size();
    Flavour flavour =
        text(prefix + "flavour")
            .map(
                key ->
                    Flavour.byKey(key)
                        .orElseGet(
                            () -> {
                              problems.add(
                                  prefix
                                      + "flavour: '"
                                      + key
                                      + "' is none of "
                                      + Arrays.stream(Flavour.values()).map(Flavour::key).toList());
                              return Flavour.OPENLDAP;
                            }))
            .orElse(Flavour.OPENLDAP);

    String url = required(prefix + "url");
    String host = null;
    int port = 0;
    boolean tls = false;
    if (url != null) {
      try {
        LDAPURL ldapUrl = new LDAPURL(url);
        // the SDK accepts ldap:// and ldaps:// only
        if (!ldapUrl.hostProvided()) {
          problems.add(prefix + "url: names no host");
        }
        host = ldapUrl.getHost();
        port = ldapUrl.getPort();
        tls = ldapUrl.getScheme().equalsIgnoreCase("ldaps");
      } catch (LDAPException e) {
        problems.add(prefix + "url: '" + url + "' is not an LDAP URL (" + e.getMessage() + ")");
      }
    }

    Optional<String> bindDn = text(prefix + "bind-dn");
    String password = text(prefix + "password").orElse("");
    if (bindDn.isPresent() && password.isEmpty()) {
      // an empty password makes a simple bind anonymous on many servers: never what was meant
      problems.add(prefix + "password: required with a bind-dn");
    }

    String baseDn = required(prefix + "base-dn");
    if (baseDn != null && !DN.isValidDN(baseDn)) {
      problems.add(prefix + "base-dn: '" + baseDn + "' is not a DN");
    }
    String filter = text(prefix + "filter").orElse(flavour.defaultFilter());
    try {
      Filter.create(filter);
    } catch (LDAPException e) {
      problems.add(prefix + "filter: '" + filter + "' is not an LDAP filter");
    }
    int pageSize = number(prefix + "page-size", 500, 1, MAX_PAGE_SIZE);
    Optional<Duration> interval = Optional.of(Duration.ofHours(1));
    Optional<String> intervalText = text(prefix + "interval");
    if (intervalText.isPresent()) {
      interval =
          intervalText.get().equalsIgnoreCase("off")
              ? Optional.empty()
              : Optional.of(duration(prefix + "interval", intervalText.get()));
    }
    Duration timeout =
        text(prefix + "timeout")
            .map(v -> duration(prefix + "timeout", v))
            .orElse(Duration.ofSeconds(30));
    int maxEntries = number(prefix + "max-entries", DEFAULT_MAX_ENTRIES, 1, MAX_MAX_ENTRIES);
    // the timeout bounds each answer, not a server that answers a little at a time for ever
    Duration maxRunTime =
        text(prefix + "max-run-time")
            .map(v -> duration(prefix + "max-run-time", v))
            .orElse(Duration.ofHours(1));
    Map<ContactField, List<String>> mapping = mapping(prefix, flavour);
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new DirectorySource(
            name,
            url,
            host,
            port,
            tls,
            bindDn,
            password,
            baseDn,
            filter,
            pageSize,
            interval,
            timeout,
            maxEntries,
            maxRunTime,
            flavour,
            mapping));
  }

  private Map<ContactField, List<String>> mapping(String prefix, Flavour flavour) {
    Map<ContactField, List<String>> mapping = new EnumMap<>(flavour.defaultMapping());
    for (ContactField field : ContactField.values()) {
      String key = prefix + "map." + field.key();
      Optional<String> value = settings.apply(key);
      if (value.isEmpty()) {
        continue;
      }
      List<String> attributes =
          Arrays.stream(value.get().split(","))
              .map(String::strip)
              .filter(a -> !a.isEmpty())
              .toList();
      for (String attribute : attributes) {
        if (!ATTRIBUTE.matcher(attribute).matches()) {
          problems.add(key + ": '" + attribute + "' is not an attribute name");
        }
      }
      if (attributes.isEmpty()) {
        mapping.remove(field);
      } else {
        mapping.put(field, attributes);
      }
    }
    for (ContactField needed : List.of(ContactField.ID, ContactField.DISPLAY_NAME)) {
      if (!mapping.containsKey(needed)) {
        problems.add(prefix + "map." + needed.key() + ": every contact needs one");
      }
    }
    return mapping;
  }

  /**
   * Every {@code peerbook.directory.*} setting must belong to a configured source: a misspelt key
   * or a source left out of the list would otherwise be ignored without a word.
   */
  private void refuseUnknownKeys(Set<String> sourceNames, Iterable<String> names) {
    Set<String> known = new HashSet<>();
    known.add(SOURCES);
    for (String source : sourceNames) {
      KEYS.forEach(key -> known.add(PREFIX + source + "." + key));
      for (ContactField field : ContactField.values()) {
        known.add(PREFIX + source + ".map." + field.key());
      }
    }
    Set<String> knownAsEnvironment = new HashSet<>();
    known.forEach(key -> knownAsEnvironment.add(environmentName(key)));
    String environmentPrefix = environmentName(PREFIX);
    for (String name : names) {
      if (name.startsWith(PREFIX) && !known.contains(name)) {
        problems.add(name + ": " + unknownKeyReason(name, sourceNames));
      } else if (name.startsWith(environmentPrefix) && !knownAsEnvironment.contains(name)) {
        problems.add(name + ": no such directory setting");
      }
    }
  }

  private static String unknownKeyReason(String name, Set<String> sourceNames) {
    String rest = name.substring(PREFIX.length());
    int dot = rest.indexOf('.');
    String source = dot < 0 ? rest : rest.substring(0, dot);
    if (!sourceNames.contains(source)) {
      return "source '" + source + "' is not in " + SOURCES;
    }
    String key = rest.substring(dot + 1);
    if (key.startsWith("map.")) {
      return "no contact field '"
          + key.substring(4)
          + "' (fields: "
          + Arrays.stream(ContactField.values()).map(ContactField::key).toList()
          + ")";
    }
    return "no such setting (settings: " + KEYS + ", map.<field>)";
  }

  /** The MicroProfile Config environment variable name of a key. */
  static String environmentName(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private Optional<String> text(String key) {
    return settings.apply(key).filter(v -> !v.isEmpty());
  }

  private String required(String key) {
    Optional<String> value = text(key);
    if (value.isEmpty()) {
      problems.add(key + ": required");
    }
    return value.orElse(null);
  }

  private int number(String key, int absent, int min, int max) {
    Optional<String> value = text(key);
    if (value.isEmpty()) {
      return absent;
    }
    try {
      int number = Integer.parseInt(value.get());
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(key + ": '" + value.get() + "' is not a number from " + min + " to " + max);
    return absent;
  }

  private Duration duration(String key, String value) {
    try {
      Duration duration = Duration.parse(value);
      if (!duration.isNegative() && !duration.isZero()) {
        return duration;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    problems.add(key + ": '" + value + "' is not a positive ISO-8601 duration such as PT15M");
    return Duration.ofSeconds(1);
  }
}
