package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.peerbook.agent.SmallDisk;
import org.peerbook.agent.sync.OfferingRegistry.Offer;
import org.peerbook.protocol.SyncAnswer;

/**
 * A real agent whose disk runs full while its first source answers ({@link SmallDisk}): the copy
 * cannot take the delta, and no other source is asked for it, since none could help.
 */
class AgentFullDiskTest {
  private static final SyncLimits LIMITS =
      new SyncLimits(20, Duration.ofSeconds(5), 1L << 20, 4L << 20, 2L << 20);

  @Test
  void aCopyThatCannotBeWrittenEndsTheRoundAndSaysWhy() throws Exception {
    TestBook book = new TestBook();
    for (int i = 0; i < 200; i++) {
      book.upsert(TestBook.contact("c" + i, "Name " + i + " " + "x".repeat(200)));
    }
    try (SmallDisk disk = SmallDisk.mount("8m")) {
      AtomicBoolean full = new AtomicBoolean();
      try (var first =
              TestSource.answering(
                  request -> {
                    if (full.compareAndSet(false, true)) {
                      fillUp(disk);
                    }
                    return new SyncAnswer.Delta(
                        book.head(), book.entries(request.version(), book.head().version()), true);
                  });
          var second =
              TestSource.answering(
                  request ->
                      new SyncAnswer.Delta(
                          book.head(),
                          book.entries(request.version(), book.head().version()),
                          true))) {
        var registry =
            new OfferingRegistry(
                book,
                List.of(
                    new Offer("first", first.syncAddress(), false),
                    new Offer("second", second.syncAddress(), false)));
        try (registry;
            var agent = new Agent(registry.settings(disk.root().resolve("agent"), LIMITS))) {
          agent.start();

          await().atMost(Duration.ofSeconds(30)).until(() -> !copyProblem(agent).isEmpty());

          assertThat(copyProblem(agent)).contains("No space left on device");
          assertThat(agent.store().version()).isZero();
          await("no other source is asked")
              .during(Duration.ofSeconds(2))
              .atMost(Duration.ofSeconds(3))
              .until(() -> second.requests() == 0);
          assertThat(first.requests()).isEqualTo(1);
          assertThat(registry.reports()).as("the source did nothing wrong").isEmpty();
        }
      }
    }
  }

  private static String copyProblem(Agent agent) {
    return ((JsonObject) agent.status()).getString("copyProblem");
  }

  private static void fillUp(SmallDisk disk) {
    try {
      disk.fillUp("filler");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
