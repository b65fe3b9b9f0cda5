package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one LDAP client may hold of the directory: a connection, and only while it speaks. */
class DirectoryLimitsTest {
  private static final Duration IDLE = Duration.ofMillis(400);
  @TempDir Path dir;

  @Test
  void closesAConnectionThatSendsNothingForTheIdleTimeout() throws IOException {
    try (var directory = new TestDirectory(dir, Optional.empty(), 10, IDLE, 4);
        var silent = new Socket("127.0.0.1", directory.port())) {
      silent.setSoTimeout(10_000);
      long started = System.nanoTime();

      try {
        // a notice of disconnection, then the end of the stream
        silent.getInputStream().readAllBytes();
      } catch (SocketException reset) {
        // closed as well
      }

      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(IDLE.minusMillis(50))
          .isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void servesAClientThatKeepsAsking() throws Exception {
    try (var directory = new TestDirectory(dir, Optional.empty(), 10, Duration.ofSeconds(2), 4)) {
      try (var warmUp = new LDAPConnection("127.0.0.1", directory.port())) {
        // the first search of a fresh JVM loads classes for longer than an idle timeout
        warmUp.search(TestDirectory.BASE, SearchScope.SUB, "(uid=anna)");
      }
      searchRepeatedly(directory);
    }
  }

  private static void searchRepeatedly(TestDirectory directory) throws LDAPException {
    try (var client = new LDAPConnection("127.0.0.1", directory.port())) {
      for (int i = 0; i < 3; i++) {
        assertThat(client.search(TestDirectory.BASE, SearchScope.SUB, "(uid=carl)").getEntryCount())
            .isEqualTo(1);
      }
    }
  }

  @Test
  void closesConnectionsBeyondTheCapUntilOneIsFree() throws Exception {
    try (var directory = new TestDirectory(dir, Optional.empty(), 10, Duration.ofSeconds(30), 2)) {
      var first = new LDAPConnection("127.0.0.1", directory.port());
      var second = new LDAPConnection("127.0.0.1", directory.port());
      try {
        assertThatThrownBy(
                () -> {
                  try (var third = new LDAPConnection("127.0.0.1", directory.port())) {
                    third.search(TestDirectory.BASE, SearchScope.SUB, "(uid=carl)");
                  }
                })
            .isInstanceOf(LDAPException.class);
        first.close();
        await()
            .ignoreExceptions()
            .until(
                () -> {
                  try (var again = new LDAPConnection("127.0.0.1", directory.port())) {
                    return again
                            .search(TestDirectory.BASE, SearchScope.SUB, "(uid=carl)")
                            .getEntryCount()
                        == 1;
                  }
                });
      } finally {
        first.close();
        second.close();
      }
    }
  }
}
