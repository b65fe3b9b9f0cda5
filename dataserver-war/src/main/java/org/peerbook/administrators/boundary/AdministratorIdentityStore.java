package org.peerbook.administrators.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.administrators.control.AdministratorFile;
import org.peerbook.administrators.control.AdministratorFileCache;
import org.peerbook.administrators.control.FailedLogins;
import org.peerbook.administrators.control.LoginThrottledException;
import org.peerbook.administrators.control.PasswordHash;
import org.peerbook.limits.control.ClientBlocks;

/**
 * Checks administrators' HTTP Basic credentials against the deployer's administrators file, re-read
 * when it changes. A password hash costs about half a second of CPU on purpose, so a verified
 * password is remembered as a keyed hash (never in clear) and later requests cost microseconds.
 * Anything else pays the full price, but only a few at a time (a slot per hash, refused at once
 * when none is free) and only a few times per client address: a burst of wrong passwords can
 * neither occupy the request threads nor keep a known administrator out.
 */
@ApplicationScoped
@DeclareRoles(AdministratorIdentityStore.ROLE)
public class AdministratorIdentityStore implements IdentityStore {
  public static final String ROLE = "admin";

  /** Requests that may wait at once for a hash another request of the same login started. */
  private static final int MAX_WAITING = 32;

  private static final int MAX_WAIT_SECONDS = 30;
  private static final Logger LOG = Logger.getLogger(AdministratorIdentityStore.class.getName());

  @Inject DirectoryAdministratorStore directory;

  @Inject ClientBlocks clientBlocks;

  @Inject
  @ConfigProperty(name = "peerbook.admin.users-file")
  Optional<String> configuredFile;

  @Inject
  @ConfigProperty(name = "peerbook.data.dir", defaultValue = "data")
  String dataDir;

  private final byte[] rememberKey = new byte[32];
  private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

  @Inject
  @ConfigProperty(name = "peerbook.admin.password-checks", defaultValue = "0")
  int passwordChecks;

  @Inject
  @ConfigProperty(name = "peerbook.admin.failed-logins-burst", defaultValue = "10")
  int failedLoginsBurst;

  @Inject
  @ConfigProperty(name = "peerbook.admin.failed-logins-per-minute", defaultValue = "10")
  int failedLoginsPerMinute;

  private Semaphore hashing;
  private final Semaphore waiting = new Semaphore(MAX_WAITING);
  private final Map<String, CompletableFuture<Boolean>> checking = new ConcurrentHashMap<>();
  private FailedLogins failedLogins;
  private final PasswordHash decoy = PasswordHash.decoy();
  private AdministratorFileCache administrators;

  @PostConstruct
  void limits() {
    administrators = new AdministratorFileCache(file(), verified::clear);
    int slots =
        passwordChecks > 0
            ? passwordChecks
            : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    hashing = new Semaphore(slots);
    failedLogins = new FailedLogins(failedLoginsBurst, failedLoginsPerMinute);
  }

  /** At start, so that a broken file stops the deployment instead of the first request. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    new SecureRandom().nextBytes(rememberKey);
    Path file = file();
    if (Files.notExists(file)) {
      Path passwordFile = file.resolveSibling("admin-password");
      if (AdministratorFile.createWithGeneratedAdmin(file, passwordFile)) {
        LOG.warning(
            () ->
                "no administrators file: created "
                    + file
                    + " with administrator '"
                    + AdministratorFile.BOOTSTRAP_NAME
                    + "', whose password is in "
                    + passwordFile
                    + " (set peerbook.admin.users-file to use your own)");
      }
    }
    int listed = administrators.administrators().size();
    LOG.info(() -> listed + " administrators in " + file);
  }

  public CredentialValidationResult validate(UsernamePasswordCredential credential) {
    return validate(credential.getCaller(), credential.getPassword().getValue(), null);
  }

  /**
   * Whether {@code name} is still an administrator: a console session of one the deployer removed
   * from the file ends with the file's next reading, of one taken out of the directory's group
   * within a minute.
   */
  public boolean isAdministrator(String name) {
    return administrators.administrators().containsKey(name) || directory.isAdministrator(name);
  }

  /** The administrators' names, in the file's order. */
  public List<String> names() {
    return List.copyOf(administrators.administrators().keySet());
  }

  /**
   * Sets {@code name}'s password, adding the administrator if it is new; the file is rewritten.
   * Hashing a new password costs a hashing slot like a login does.
   *
   * @return whether the administrator is new
   * @throws LoginThrottledException if no hashing slot is free now
   */
  public boolean setPassword(String name, char[] password) {
    if (!hashing.tryAcquire()) {
      throw new LoginThrottledException(
          503, 1, "the server is checking as many passwords as it may at once: try again");
    }
    PasswordHash hash;
    try {
      hash = PasswordHash.of(password);
    } finally {
      hashing.release();
    }
    synchronized (this) {
      boolean added = !administrators.administrators().containsKey(name);
      AdministratorFile.rewrite(administrators.file(), name, hash);
      administrators.forget();
      return added;
    }
  }

  /**
   * Removes an administrator from the file; the last one stays.
   *
   * @return whether there was such an administrator
   * @throws IllegalStateException if {@code name} is the only administrator
   */
  public synchronized boolean remove(String name) {
    Map<String, PasswordHash> listed = administrators.administrators();
    if (!listed.containsKey(name)) {
      return false;
    }
    if (listed.size() == 1) {
      throw new IllegalStateException("the last administrator cannot be removed");
    }
    AdministratorFile.rewrite(administrators.file(), name, null);
    administrators.forget();
    return true;
  }

  /**
   * @param clientAddress the client's address, its {@linkplain ClientBlocks block} charged for a
   *     failure; {@code null}: not known
   * @throws LoginThrottledException if the password would have to be hashed and cannot be now
   */
  public CredentialValidationResult validate(String name, char[] password, String clientAddress) {
    PasswordHash expected = administrators.administrators().get(name);
    byte[] remembered = remembered(name, password);
    if (expected != null && MessageDigest.isEqual(remembered, verified.get(name))) {
      return new CredentialValidationResult(name, Set.of(ROLE));
    }
    // only now: a password remembered (every request of a signed-in administrator) charges nothing
    String address = clientBlocks.of(clientAddress);
    if (expected == null && directory.isConfigured()) {
      return directory.validate(name, password, remembered, address, failedLogins);
    }
    if (address != null) {
      long wait = failedLogins.waitSeconds(address, System.currentTimeMillis());
      if (wait > 0) {
        throw new LoginThrottledException(
            429, wait, "too many failed logins from this address: try again later");
      }
    }
    CompletableFuture<Boolean> mine = new CompletableFuture<>();
    String key = name + ":" + Base64.getEncoder().encodeToString(remembered);
    CompletableFuture<Boolean> earlier = checking.putIfAbsent(key, mine);
    if (earlier != null) {
      // the same name and password are being hashed for another request: share its answer, so
      // that a client's first burst of parallel requests costs one hash and no refusal
      return outcome(name, awaitCheck(earlier));
    }
    try {
      boolean matches = hash(name, password, expected);
      if (matches) {
        verified.put(name, remembered);
      } else if (address != null) {
        failedLogins.failed(address, System.currentTimeMillis());
      }
      mine.complete(matches);
      return outcome(name, matches);
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      checking.remove(key, mine);
    }
  }

  private boolean hash(String name, char[] password, PasswordHash expected) {
    if (!hashing.tryAcquire()) {
      throw new LoginThrottledException(
          503, 1, "the server is checking as many passwords as it may at once: try again");
    }
    try {
      // an unknown name costs the same hash as a known one: timing tells no names
      return (expected == null ? decoy : expected).matches(password) && expected != null;
    } finally {
      hashing.release();
    }
  }

  /** Waits for a check another request started; only a few requests may wait at once. */
  private boolean awaitCheck(CompletableFuture<Boolean> check) {
    if (!waiting.tryAcquire()) {
      throw new LoginThrottledException(
          503, 1, "the server is checking as many passwords as it may at once: try again");
    }
    try {
      return check.get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException refusal) {
        throw refusal;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new LoginThrottledException(503, 1, "the password check took too long: try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoginThrottledException(503, 1, "interrupted while checking the password");
    } finally {
      waiting.release();
    }
  }

  private static CredentialValidationResult outcome(String name, boolean matches) {
    if (matches) {
      return new CredentialValidationResult(name, Set.of(ROLE));
    }
    return CredentialValidationResult.INVALID_RESULT;
  }

  private byte[] remembered(String name, char[] password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(rememberKey, "HmacSHA256"));
      mac.update(name.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(new String(password).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }

  private Path file() {
    return configuredFile.map(Path::of).orElseGet(() -> Path.of(dataDir, "admin-users"));
  }
}
