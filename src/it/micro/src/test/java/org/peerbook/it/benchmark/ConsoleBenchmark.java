package org.peerbook.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.peerbook.it.BookChecks;
import org.peerbook.it.ConsoleBrowser;
import org.peerbook.it.Http;
import org.peerbook.it.Registrations;
import org.peerbook.it.ServerProcess;
import org.peerbook.it.TestAdministrator;

/**
 * The admin console against a server holding 100,000 contacts and 10,000 registered nodes, in
 * Debian's Chromium: the bytes a first load transfers (the page's files and the overview's API
 * answer), the time from navigation to the first overview drawn (the page's own performance mark),
 * against the overview's API answer alone as the baseline, and the node table's first page sorted
 * by version. Each figure is the median of fresh browsers (an empty cache each).
 */
class ConsoleBenchmark {
  private static final int CONTACTS = Integer.getInteger("benchmark.contacts", 100_000);
  private static final int NODES = Integer.getInteger("benchmark.console-nodes", 10_000);
  private static final int SAMPLES = Integer.getInteger("benchmark.samples", 7);

  @Test
  void printFigures() throws Exception {
    var home = ServerProcess.workDirectory("bench-console");
    try (var server =
        new ServerProcess(home.resolve("server"), Map.of("peerbook.registry.lease-seconds", "3600"))
            .start()) {
      Http api = server.api();
      for (int start = 0; start < CONTACTS; start += 10_000) {
        var contacts = Json.createArrayBuilder();
        for (int i = start; i < Math.min(CONTACTS, start + 10_000); i++) {
          contacts.add(AgentBenchmark.person(i, "Department " + i % 50));
        }
        assertThat(api.post("contacts/import", contacts.build()).status()).isEqualTo(200);
      }
      register(api, NODES);

      double[] apiMillis = new double[SAMPLES * 3];
      for (int i = 0; i < apiMillis.length; i++) {
        long started = System.nanoTime();
        assertThat(api.get("registry/admin/overview").status()).isEqualTo(200);
        apiMillis[i] = (System.nanoTime() - started) / 1e6;
      }
      double[] renderMillis = new double[SAMPLES];
      double[] nodesMillis = new double[SAMPLES];
      long[] pageBytes = new long[SAMPLES];
      long[] apiBytes = new long[SAMPLES];
      for (int i = 0; i < SAMPLES; i++) {
        try (var browser = new ConsoleBrowser()) {
          String root = server.root().base().toString();
          browser.driver.get(root);
          browser
              .waiting(Duration.ofSeconds(30))
              .until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-name")))
              .sendKeys(TestAdministrator.NAME);
          browser
              .driver
              .findElement(By.id("sign-in-password"))
              .sendKeys(TestAdministrator.password());
          browser.driver.findElement(By.id("sign-in-submit")).click();
          browser
              .waiting(Duration.ofSeconds(30))
              .until(ExpectedConditions.visibilityOfElementLocated(By.id("head-version")));
          // signed in, cache still empty of the page's files: a first load as an administrator
          // who opens the console with a session sees it
          browser.driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
          browser.driver.navigate().refresh();
          renderMillis[i] =
              ((Number)
                      browser
                          .waiting(Duration.ofSeconds(30))
                          .until(
                              driver ->
                                  browser.driver.executeScript(
                                      "const m = performance.getEntriesByName('overview-rendered');"
                                          + " return m.length ? m[0].startTime : null;")))
                  .doubleValue();
          List<?> sizes =
              (List<?>)
                  browser.driver.executeScript(
                      "return [performance.getEntriesByType('navigation')[0].transferSize,"
                          + " performance.getEntriesByType('resource')"
                          + ".filter(r => !r.name.includes('/api/'))"
                          + ".reduce((sum, r) => sum + r.transferSize, 0),"
                          + " performance.getEntriesByType('resource')"
                          + ".filter(r => r.name.includes('/api/registry/admin/overview'))"
                          + ".slice(0, 1).reduce((sum, r) => sum + r.transferSize, 0)]");
          pageBytes[i] = ((Number) sizes.get(0)).longValue() + ((Number) sizes.get(1)).longValue();
          apiBytes[i] = ((Number) sizes.get(2)).longValue();

          long started = System.nanoTime();
          browser.driver.get(root + "#nodes");
          browser
              .waiting(Duration.ofSeconds(30))
              .until(ExpectedConditions.textToBePresentInElementLocated(By.id("node-count"), "of"));
          nodesMillis[i] = (System.nanoTime() - started) / 1e6;
        }
      }

      double render = median(renderMillis);
      double overviewApi = median(apiMillis);
      System.out.printf(
          "=== PeerBook console benchmark (%,d contacts, %,d nodes, head %d, %d fresh browsers)"
              + " ===%n",
          CONTACTS, NODES, BookChecks.head(api).version(), SAMPLES);
      System.out.printf(
          "first load: page files %,d bytes, overview answer %,d bytes%n",
          median(pageBytes), median(apiBytes));
      System.out.printf(
          "navigation to the first overview drawn: median %.0f ms (min %.0f, max %.0f)%n",
          render, min(renderMillis), max(renderMillis));
      System.out.printf(
          "baseline, GET /api/registry/admin/overview alone: median %.1f ms; ratio %.1fx%n",
          overviewApi, render / overviewApi);
      System.out.printf(
          "node table, first page of %,d sorted by id: median %.0f ms (min %.0f, max %.0f)%n",
          NODES, median(nodesMillis), min(nodesMillis), max(nodesMillis));
    }
  }

  /** Registers {@code count} nodes from 8 threads, half of them at the head. */
  private static void register(Http api, int count) throws Exception {
    long head = BookChecks.head(api).version();
    // proven once here: the threads below find it cached instead of each proving it again
    Registrations.signedHead(api, head);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int n = 0; n < count; n++) {
        int node = n;
        done.add(
            pool.submit(
                () -> {
                  String ip =
                      "127." + (node >> 16 & 255) + "." + (node >> 8 & 255) + "." + (node & 255);
                  Registrations.registered(api, "n" + node, ip, node % 2 == 0 ? head : 0);
                }));
      }
      for (Future<?> one : done) {
        one.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }
}
