package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;
import java.io.IOException;
import java.io.OutputStream;
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

  private static DirectorySettings limits(Duration idle, Duration request, int connections) {
    return limits(idle, request, connections, DirectorySettings.DEFAULT_TIME_LIMIT);
  }

  private static DirectorySettings limits(
      Duration idle, Duration request, int connections, Duration searchTime) {
    return new DirectorySettings(
        TestDirectory.ANY_PORT,
        TestDirectory.BASE,
        Optional.empty(),
        10,
        idle,
        request,
        connections,
        searchTime);
  }

  @Test
  void closesAConnectionThatSendsNothingForTheIdleTimeout() throws IOException {
    try (var directory =
            new TestDirectory(dir, limits(IDLE, DirectorySettings.DEFAULT_REQUEST_TIMEOUT, 4));
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
  void closesAConnectionThatTricklesAMessagePastTheRequestTimeout() throws Exception {
    Duration requestTimeout = Duration.ofMillis(500);
    try (var directory = new TestDirectory(dir, limits(Duration.ofSeconds(5), requestTimeout, 4));
        var trickler = new Socket("127.0.0.1", directory.port())) {
      trickler.setSoTimeout(10_000);
      OutputStream out = trickler.getOutputStream();
      // a SEQUENCE announcing 256 bytes, then one byte every 100 ms: well inside the idle timeout
      out.write(new byte[] {0x30, (byte) 0x82, 0x01, 0x00});
      long started = System.nanoTime();
      Thread sender =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 100; i++) {
                    out.write(0x04);
                    Thread.sleep(100);
                  }
                } catch (IOException | InterruptedException e) {
                  // cut off: what the test expects
                }
              });
      sender.start();

      try {
        trickler.getInputStream().readAllBytes();
      } catch (SocketException reset) {
        // closed as well
      }

      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(requestTimeout.minusMillis(50))
          .isLessThan(Duration.ofSeconds(5));
      sender.interrupt();
      sender.join();
    }
  }

  @Test
  void resetsAClientThatAsksAndTakesNoAnswerAndServesTheNext() throws Exception {
    // one connection: the client that takes nothing holds it until it is reset
    try (var directory =
            new TestDirectory(dir, limits(IDLE, DirectorySettings.DEFAULT_REQUEST_TIMEOUT, 1));
        var stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new java.net.InetSocketAddress("127.0.0.1", directory.port()), 5_000);
      // searches sent together, their answers (megabytes) never read: the server's writes wait
      var searches = new java.io.ByteArrayOutputStream();
      for (int id = 1; id <= 3_000; id++) {
        searches.write(
            new com.unboundid.ldap.protocol.LDAPMessage(
                    id,
                    new com.unboundid.ldap.protocol.SearchRequestProtocolOp(
                        new SearchRequest(TestDirectory.BASE, SearchScope.SUB, "(objectClass=*)")))
                .encode()
                .encode());
      }
      Thread asker =
          new Thread(
              () -> {
                try {
                  stalled.getOutputStream().write(searches.toByteArray());
                } catch (IOException reset) {
                  // reset while its searches were still going out
                }
              });
      asker.start();
      long started = System.nanoTime();

      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () -> {
                try (var next = new LDAPConnection("127.0.0.1", directory.port())) {
                  return next.search(TestDirectory.BASE, SearchScope.SUB, "(uid=carl)")
                          .getEntryCount()
                      == 1;
                }
              });

      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("the stalled client held the only connection for the idle timeout")
          .isGreaterThanOrEqualTo(IDLE);
      asker.join();
    }
  }

  @Test
  void servesAClientThatAsksAgainLaterThanTheRequestTimeout() throws Exception {
    Duration requestTimeout = Duration.ofMillis(300);
    try (var directory = new TestDirectory(dir, limits(Duration.ofSeconds(5), requestTimeout, 4));
        var client = new LDAPConnection("127.0.0.1", directory.port())) {
      for (int i = 0; i < 3; i++) {
        assertThat(client.search(TestDirectory.BASE, SearchScope.SUB, "(uid=carl)").getEntryCount())
            .isEqualTo(1);
        // a client idle between its searches: only a message still arriving counts
        Thread.sleep(2 * requestTimeout.toMillis());
      }
    }
  }

  @Test
  void servesAClientThatKeepsAsking() throws Exception {
    try (var directory =
        new TestDirectory(
            dir, limits(Duration.ofSeconds(2), DirectorySettings.DEFAULT_REQUEST_TIMEOUT, 4))) {
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
    try (var directory =
        new TestDirectory(
            dir, limits(Duration.ofSeconds(30), DirectorySettings.DEFAULT_REQUEST_TIMEOUT, 2))) {
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

  @Test
  void endsASearchAtTheDirectorysOwnTimeLimitWhateverTheClientAsks() throws Exception {
    try (var directory =
            new TestDirectory(
                dir,
                limits(
                    DirectorySettings.DEFAULT_IDLE_TIMEOUT,
                    DirectorySettings.DEFAULT_REQUEST_TIMEOUT,
                    4,
                    Duration.ofNanos(1)));
        var client = new LDAPConnection("127.0.0.1", directory.port())) {
      SearchRequest everyone =
          new SearchRequest(TestDirectory.BASE, SearchScope.SUB, "(objectClass=*)", "cn");
      everyone.setTimeLimitSeconds(0); // the client's "no limit"
      SearchRequest browsed =
          new SearchRequest(TestDirectory.BASE, SearchScope.ONE, "(objectClass=*)", "cn");
      browsed.addControl(new ServerSideSortRequestControl(new SortKey("cn")));
      browsed.addControl(new VirtualListViewRequestControl(1, 0, 20, 0, null));

      assertThatThrownBy(() -> client.search(everyone))
          .isInstanceOf(LDAPSearchException.class)
          .extracting(e -> ((LDAPSearchException) e).getResultCode())
          .isEqualTo(ResultCode.TIME_LIMIT_EXCEEDED);
      assertThatThrownBy(() -> client.search(browsed))
          .isInstanceOf(LDAPSearchException.class)
          .extracting(e -> ((LDAPSearchException) e).getResultCode())
          .isEqualTo(ResultCode.TIME_LIMIT_EXCEEDED);
      assertThat(client.getEntry(TestDirectory.BASE)).as("no contact read: answered").isNotNull();
    }
  }
}
