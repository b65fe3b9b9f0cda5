package org.peerbook.administrators.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.administrators.control.LoginThrottledException;
import org.peerbook.administrators.control.PasswordHash;
import org.peerbook.limits.control.ClientBlocks;

class AdministratorIdentityStoreTest {
  private static final int PARALLEL = 6;

  @TempDir Path directory;
  private final AdministratorIdentityStore store = new AdministratorIdentityStore();
  private final ExecutorService clients = Executors.newFixedThreadPool(PARALLEL);

  @BeforeEach
  void oneAdministratorOneHashAtATime() throws Exception {
    Path users = directory.resolve("admin-users");
    Files.writeString(users, "alice:" + PasswordHash.of("right".toCharArray()) + "\n");
    store.configuredFile = Optional.of(users.toString());
    store.dataDir = directory.toString();
    // no peerbook.admin.ldap.url: the file alone
    store.directory = new DirectoryAdministratorStore();
    store.clientBlocks = new ClientBlocks(64);
    store.passwordChecks = 1;
    store.failedLoginsBurst = 3;
    store.failedLoginsPerMinute = 1;
    store.limits();
    store.start(null);
  }

  @AfterEach
  void stop() {
    clients.shutdownNow();
  }

  @Test
  void letsParallelRequestsWithTheRightPasswordShareOneHash() throws Exception {
    List<Object> outcomes = inParallel(i -> "right");

    assertThat(outcomes)
        .allSatisfy(
            outcome -> assertThat(outcome).isEqualTo(CredentialValidationResult.Status.VALID));
  }

  @Test
  void refusesWrongPasswordsBeyondTheHashingSlotAtOnce() throws Exception {
    List<Object> outcomes = inParallel(i -> "wrong" + i);

    assertThat(outcomes).contains(CredentialValidationResult.Status.INVALID);
    assertThat(outcomes).contains(503);
    assertThat(outcomes).doesNotContain(CredentialValidationResult.Status.VALID);
  }

  @Test
  void refusesAnAddressThatFailedTooOftenButNotAKnownAdministrator() {
    assertThat(store.validate("alice", "right".toCharArray(), "10.0.0.1").getStatus())
        .isEqualTo(CredentialValidationResult.Status.VALID);
    for (int i = 0; i < 3; i++) {
      assertThat(store.validate("alice", ("wrong" + i).toCharArray(), "10.0.0.1").getStatus())
          .isEqualTo(CredentialValidationResult.Status.INVALID);
    }

    assertThat(outcome(() -> store.validate("mallory", "guess".toCharArray(), "10.0.0.1")))
        .isEqualTo(429);
    assertThat(store.validate("alice", "right".toCharArray(), "10.0.0.1").getStatus())
        .isEqualTo(CredentialValidationResult.Status.VALID);
  }

  @Test
  void countsTheFailuresOfOneIpv6SubnetTogether() {
    for (int i = 0; i < 3; i++) {
      assertThat(
              store
                  .validate("alice", ("wrong" + i).toCharArray(), "2001:db8:1:2::" + (i + 1))
                  .getStatus())
          .isEqualTo(CredentialValidationResult.Status.INVALID);
    }

    assertThat(outcome(() -> store.validate("alice", "guess".toCharArray(), "2001:db8:1:2::99")))
        .as("another address of the same /64")
        .isEqualTo(429);
    assertThat(store.validate("alice", "guess".toCharArray(), "2001:db8:1:3::1").getStatus())
        .as("the next /64")
        .isEqualTo(CredentialValidationResult.Status.INVALID);
  }

  private interface Password {
    String of(int client);
  }

  /** Each client's outcome: the validation status, or the status of the refusal. */
  private List<Object> inParallel(Password password) throws Exception {
    CyclicBarrier together = new CyclicBarrier(PARALLEL);
    List<Future<Object>> futures = new ArrayList<>();
    for (int i = 0; i < PARALLEL; i++) {
      int client = i;
      futures.add(
          clients.submit(
              () -> {
                together.await();
                return outcome(
                    () ->
                        store.validate(
                            "alice", password.of(client).toCharArray(), "10.0.1." + client));
              }));
    }
    List<Object> outcomes = new ArrayList<>();
    for (Future<Object> future : futures) {
      outcomes.add(future.get());
    }
    return outcomes;
  }

  private static Object outcome(Callable<CredentialValidationResult> login) {
    try {
      return login.call().getStatus();
    } catch (LoginThrottledException e) {
      return e.status();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
