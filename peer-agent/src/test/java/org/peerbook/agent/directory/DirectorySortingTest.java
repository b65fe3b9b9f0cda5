package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;
import com.unboundid.ldap.sdk.controls.VirtualListViewResponseControl;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sorted searches from many connections at once: a sorted list holds every match's id and sort
 * values, so the directory makes one at a time, and one only for clients asking for the same view.
 */
class DirectorySortingTest {
  /** Enough contacts that making one list takes long enough for the clients' requests to meet. */
  private static final int MANY = 20_000;

  private static final int SCREEN = 30;
  private static final Pattern SORTED = Pattern.compile("sorted (\\d+) entries .* in (\\d+) ms");

  @TempDir Path dir;
  private TestDirectory directory;
  private final Logger logger = Logger.getLogger(SortedSearch.class.getName());
  private final List<LogRecord> sorted = Collections.synchronizedList(new ArrayList<>());
  private final Handler recorder =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          sorted.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Level levelBefore;

  @BeforeEach
  void manyContacts() {
    directory = new TestDirectory(dir, Optional.empty(), 100);
    for (int i = 0; i < MANY; i++) {
      String n = String.format("%05d", i);
      directory.book.upsert(
          TestDirectory.person("many" + n, "Many Person " + n, null, null, n + "@m.org", "Many"));
    }
    directory.syncStore();
    levelBefore = logger.getLevel();
    logger.setLevel(Level.FINE);
    recorder.setLevel(Level.FINE);
    logger.addHandler(recorder);
  }

  @AfterEach
  void close() {
    logger.removeHandler(recorder);
    logger.setLevel(levelBefore);
    directory.close();
  }

  @Test
  void eightClientsOpeningTheSameViewAtOnceHaveItSortedOnce() throws Exception {
    List<SearchResult> results = atOnce(8, i -> firstScreen("(ou=Many)", new SortKey("cn")));

    for (SearchResult result : results) {
      assertThat(VirtualListViewResponseControl.get(result).getContentCount()).isEqualTo(MANY);
      assertThat(result.getSearchEntries())
          .extracting(e -> e.getAttributeValue("cn"))
          .hasSize(SCREEN)
          .startsWith("Many Person 00000", "Many Person 00001");
    }
    assertThat(sorted).hasSize(1);
  }

  @Test
  void clientsSortingDifferentViewsAtOnceHaveThemSortedOneAfterAnother() throws Exception {
    List<SearchResult> results =
        atOnce(
            4,
            i ->
                firstScreen(i % 2 == 0 ? "(ou=Many)" : "(mail=*@m.org)", new SortKey("cn", i < 2)));

    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).getSearchEntries().get(0).getAttributeValue("cn"))
          .isEqualTo(i < 2 ? "Many Person 19999" : "Many Person 00000");
    }
    assertThat(sorted).hasSize(4);
    List<long[]> spans = new ArrayList<>();
    for (LogRecord record : sorted) {
      Matcher m = SORTED.matcher(record.getMessage());
      assertThat(m.find()).as(record.getMessage()).isTrue();
      assertThat(Long.parseLong(m.group(1))).isEqualTo(MANY);
      long ended = record.getInstant().toEpochMilli();
      spans.add(new long[] {ended - Long.parseLong(m.group(2)), ended});
    }
    spans.sort(Comparator.comparingLong(span -> span[1]));
    for (int i = 1; i < spans.size(); i++) {
      // each list began after the one before it ended (durations are whole milliseconds)
      assertThat(spans.get(i)[0])
          .as(
              "list %d began at %s, list %d ended at %s",
              i,
              Instant.ofEpochMilli(spans.get(i)[0]),
              i - 1,
              Instant.ofEpochMilli(spans.get(i - 1)[1]))
          .isGreaterThanOrEqualTo(spans.get(i - 1)[1] - 2);
    }
  }

  private interface Search {
    SearchRequest of(int client) throws Exception;
  }

  /** Each of {@code clients} connections sends its search at the same moment; their results. */
  private List<SearchResult> atOnce(int clients, Search search) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    List<LDAPConnection> connections = new ArrayList<>();
    try {
      CountDownLatch ready = new CountDownLatch(clients);
      List<Future<SearchResult>> asked = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        LDAPConnection connection = new LDAPConnection("127.0.0.1", directory.port());
        connections.add(connection);
        SearchRequest request = search.of(i);
        Callable<SearchResult> send =
            () -> {
              ready.countDown();
              ready.await();
              return connection.search(request);
            };
        asked.add(threads.submit(send));
      }
      List<SearchResult> results = new ArrayList<>();
      for (Future<SearchResult> answer : asked) {
        results.add(answer.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      connections.forEach(LDAPConnection::close);
      threads.shutdownNow();
    }
  }

  private static SearchRequest firstScreen(String filter, SortKey key) throws Exception {
    SearchRequest view =
        new SearchRequest(TestDirectory.BASE, SearchScope.ONE, filter, "cn", "mail");
    view.addControl(new ServerSideSortRequestControl(key));
    view.addControl(new VirtualListViewRequestControl(1, 0, SCREEN - 1, 0, null));
    return view;
  }
}
