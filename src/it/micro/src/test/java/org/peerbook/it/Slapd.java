package org.peerbook.it;

import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * OpenLDAP's slapd (Debian's package) as a process of the test's own: a temporary configuration
 * (slapd.conf, an mdb database in the work directory, the inetOrgPerson schema, a root DN with a
 * password) on a free loopback port. Missing slapd fails the test: CI installs it.
 */
public final class Slapd implements AutoCloseable {
  public static final String SUFFIX = "dc=example,dc=com";
  public static final String PEOPLE = "ou=people," + SUFFIX;
  public static final String ROOT_DN = "cn=admin," + SUFFIX;
  public static final String ROOT_PASSWORD = "slapd-it-secret";
  private static final Path SLAPD = Path.of("/usr/sbin/slapd");
  private static final Path SLAPADD = Path.of("/usr/sbin/slapadd");
  private static final Path SCHEMA = Path.of("/etc/ldap/schema");

  private final Path home;
  private final int port;
  private Process process;

  public Slapd(Path home) {
    this.home = home;
    this.port = FreePorts.next();
  }

  /**
   * Loads entries with slapadd before the server starts: far faster than adding them over LDAP, for
   * a benchmark's directory. The LDIF must hold the suffix and {@link #PEOPLE} entries too; slapadd
   * gives every entry its entryUUID as slapd would.
   */
  public Slapd preload(Path ldif) {
    configure();
    try {
      Process slapadd =
          new ProcessBuilder(
                  SLAPADD.toString(), "-q", "-f", config().toString(), "-l", ldif.toString())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(home.resolve("slapadd.log").toFile()))
              .start();
      if (slapadd.waitFor() != 0) {
        throw new IllegalStateException("slapadd failed; see " + home.resolve("slapadd.log"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return this;
  }

  public Slapd start() {
    configure();
    try {
      // -d 0: in the foreground, so that this process is slapd itself and can be killed
      process =
          new ProcessBuilder(
                  List.of(
                      SLAPD.toString(), "-f", config().toString(), "-h", url() + "/", "-d", "0"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("slapd.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await("slapd on port " + port)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException("slapd exited; see " + home.resolve("slapd.log"));
              }
              try (LDAPConnection probe = connect()) {
                return true;
              }
            });
    try (LDAPConnection ldap = connect()) {
      if (ldap.getEntry(SUFFIX) == null) {
        ldap.add(
            "dn: " + SUFFIX,
            "objectClass: dcObject",
            "objectClass: organization",
            "dc: example",
            "o: Example");
        ldap.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
      }
    } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
      throw new IllegalStateException("cannot load slapd's base entries", e);
    }
    return this;
  }

  private Path config() {
    return home.resolve("slapd.conf");
  }

  /** A temporary configuration of its own: written once, before slapadd or slapd needs it. */
  private void configure() {
    if (!Files.isExecutable(SLAPD) || !Files.isDirectory(SCHEMA)) {
      throw new IllegalStateException(
          SLAPD
              + " or "
              + SCHEMA
              + " is missing: install Debian's OpenLDAP server (apt-get install slapd ldap-utils),"
              + " as .ci/run does");
    }
    if (Files.exists(config())) {
      return;
    }
    try {
      Files.createDirectories(home.resolve("db"));
      Files.writeString(
          config(),
          String.join(
              "\n",
              "include " + SCHEMA.resolve("core.schema"),
              "include " + SCHEMA.resolve("cosine.schema"),
              "include " + SCHEMA.resolve("inetorgperson.schema"),
              "pidfile " + home.resolve("slapd.pid"),
              "modulepath /usr/lib/ldap",
              "moduleload back_mdb",
              // a run must read every entry, however many: no size limit
              "sizelimit unlimited",
              "database mdb",
              "maxsize 1073741824",
              "suffix \"" + SUFFIX + "\"",
              "rootdn \"" + ROOT_DN + "\"",
              "rootpw " + ROOT_PASSWORD,
              "directory " + home.resolve("db"),
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "ldap://127.0.0.1:" + port;
  }

  /** A connection bound as the root DN. */
  public LDAPConnection connect() throws LDAPException {
    return new LDAPConnection("127.0.0.1", port, ROOT_DN, ROOT_PASSWORD);
  }

  /** The data-server settings of a source reading ou=people here, on request only. */
  public java.util.Map<String, String> sourceSettings(String name, int pageSize) {
    String prefix = "peerbook.directory." + name + ".";
    return java.util.Map.of(
        prefix + "url",
        url(),
        prefix + "bind-dn",
        ROOT_DN,
        prefix + "password",
        ROOT_PASSWORD,
        prefix + "base-dn",
        PEOPLE,
        prefix + "page-size",
        Integer.toString(pageSize),
        prefix + "interval",
        "off",
        prefix + "timeout",
        "PT10S");
  }

  /** SIGSTOP: slapd holds its connections but answers nothing. */
  public void freeze() {
    signal("STOP");
  }

  /** SIGKILL: gone mid-answer, its connections reset. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void signal(String name) {
    Signals.send(process.pid(), name);
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
