package org.peerbook.administrators.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.administrators.control.DirectoryAdministrators;
import org.peerbook.administrators.control.DirectoryAdministrators.Answer;
import org.peerbook.administrators.control.FailedLogins;
import org.peerbook.administrators.control.LoginThrottledException;

/**
 * Administrators from the directory ({@code peerbook.admin.ldap.*}), for names the users file does
 * not list (the file stays the break-glass way in). An answer is remembered for a minute (as a
 * keyed hash of the password, never the password), so that HTTP Basic does not ask the directory on
 * every request and a person taken out of the group loses the role within a minute; at most a few
 * directory checks run at once, and failures count against the client's address as wrong passwords
 * do.
 */
@ApplicationScoped
public class DirectoryAdministratorStore {
  private static final Logger LOG = Logger.getLogger(DirectoryAdministratorStore.class.getName());
  private static final Duration REMEMBERED = Duration.ofMinutes(1);
  private static final int CHECKS_AT_ONCE = 8;

  @Inject
  @ConfigProperty(name = "peerbook.admin.ldap.url")
  Optional<String> url;

  @Inject
  @ConfigProperty(name = "peerbook.admin.ldap.bind-dn")
  Optional<String> bindDn;

  @Inject
  @ConfigProperty(name = "peerbook.admin.ldap.password")
  Optional<String> bindPassword;

  @Inject
  @ConfigProperty(name = "peerbook.admin.ldap.user-base-dn")
  Optional<String> userBaseDn;

  @Inject
  @ConfigProperty(name = "peerbook.admin.ldap.user-filter", defaultValue = "(uid={0})")
  String userFilter;

  @Inject
  @ConfigProperty(name = "peerbook.admin.ldap.group-dn")
  Optional<String> groupDn;

  @Inject
  @ConfigProperty(name = "peerbook.admin.ldap.timeout", defaultValue = "PT5S")
  Duration timeout;

  private DirectoryAdministrators directory;
  private final Semaphore checks = new Semaphore(CHECKS_AT_ONCE);
  private final Map<String, Remembered> answers = new ConcurrentHashMap<>();
  private final Map<String, Long> memberUntil = new ConcurrentHashMap<>();

  private record Remembered(byte[] password, Answer answer, long until) {}

  @PostConstruct
  void configure() {
    if (url.isEmpty()) {
      return;
    }
    directory =
        new DirectoryAdministrators(
            new DirectoryAdministrators.Settings(
                url.get(),
                bindDn.orElse(null),
                bindPassword.orElse(""),
                userBaseDn.orElseThrow(() -> missing("user-base-dn")),
                userFilter,
                groupDn.orElseThrow(() -> missing("group-dn")),
                timeout));
    LOG.info(() -> "administrators also from the directory: " + directory);
  }

  private static IllegalStateException missing(String key) {
    return new IllegalStateException(
        "peerbook.admin.ldap.url is set: peerbook.admin.ldap." + key + " is required too");
  }

  public boolean isConfigured() {
    return directory != null;
  }

  /** The administrators' group in the directory, if one is configured. */
  public Optional<String> group() {
    return directory == null ? Optional.empty() : groupDn;
  }

  /**
   * @param remembered the keyed hash of name and password the identity store makes
   * @throws LoginThrottledException if the address failed too often or the directory cannot be
   *     asked now
   */
  CredentialValidationResult validate(
      String name, char[] password, byte[] remembered, String address, FailedLogins failures) {
    long now = System.currentTimeMillis();
    Remembered known = answers.get(name);
    if (known != null
        && known.until() > now
        && MessageDigest.isEqual(known.password(), remembered)) {
      return result(name, known.answer());
    }
    if (address != null) {
      long wait = failures.waitSeconds(address, now);
      if (wait > 0) {
        throw new LoginThrottledException(
            429, wait, "too many failed logins from this address: try again later");
      }
    }
    if (!checks.tryAcquire()) {
      throw new LoginThrottledException(
          503, 1, "the server is asking the directory as often as it may at once: try again");
    }
    try {
      Answer answer = directory.check(name, password);
      if (answer == Answer.INVALID) {
        if (address != null) {
          failures.failed(address, now);
        }
      } else {
        answers.put(name, new Remembered(remembered, answer, now + REMEMBERED.toMillis()));
        if (answer == Answer.ADMINISTRATOR) {
          memberUntil.put(name, now + REMEMBERED.toMillis());
        }
      }
      return result(name, answer);
    } catch (DirectoryAdministrators.DirectoryUnavailableException e) {
      LOG.warning(e::getMessage);
      throw new LoginThrottledException(503, 5, e.getMessage());
    } finally {
      checks.release();
    }
  }

  /**
   * Whether {@code name} is (still) in the administrators' group: asked again at most once a
   * minute; a directory that cannot be asked keeps the last answer until it can.
   */
  boolean isAdministrator(String name) {
    if (directory == null) {
      return false;
    }
    long now = System.currentTimeMillis();
    Long until = memberUntil.get(name);
    if (until != null && until > now) {
      return true;
    }
    try {
      if (directory.isMember(name)) {
        memberUntil.put(name, now + REMEMBERED.toMillis());
        return true;
      }
      memberUntil.remove(name);
      return false;
    } catch (DirectoryAdministrators.DirectoryUnavailableException e) {
      LOG.warning(e::getMessage);
      return until != null;
    }
  }

  private static CredentialValidationResult result(String name, Answer answer) {
    return switch (answer) {
      case INVALID -> CredentialValidationResult.INVALID_RESULT;
      case NOT_A_MEMBER -> new CredentialValidationResult(name, Set.of());
      case ADMINISTRATOR ->
          new CredentialValidationResult(name, Set.of(AdministratorIdentityStore.ROLE));
    };
  }
}
