package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.SyncVerifier.ChainPoint;

/**
 * The data server never answers with a snapshot older than the requester's version, nor the same
 * snapshot again to a requester that already holds it: a small book changed often is sent as a
 * snapshot to requesters 1,000 versions behind, which found the cached snapshot where it was.
 */
class SnapshotLagIT {
  private static final int CONTACTS = 10;

  /** One version per contact: {@code rounds} imports of the same ten contacts, renamed. */
  private static void update(Http api, int rounds, String label) {
    for (int round = 0; round < rounds; round++) {
      var contacts = Json.createArrayBuilder();
      for (int i = 0; i < CONTACTS; i++) {
        contacts.add(
            Json.createObjectBuilder()
                .add("id", "lag-" + i)
                .add("displayName", "Person " + i + " " + label + " " + round));
      }
      Http.Reply imported = api.post("contacts/import", contacts.build());
      assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    }
  }

  private static SyncAnswer.Snapshot verifiedSnapshot(SyncVerifier verifier, SyncAnswer answer) {
    SyncAnswer.Snapshot snapshot = BookChecks.verifiedSnapshot(verifier, answer);
    assertThat(snapshot.contacts()).hasSize(CONTACTS);
    return snapshot;
  }

  @Test
  void aRequesterIsNeverSentASnapshotOlderThanItsVersionNorTheOneItHolds() {
    var home = ServerProcess.workDirectory("snapshot-lag");
    // the former default: the cached snapshot used to be kept until the book moved this far past
    // it, so only the rule "a snapshot must move its requester forward" can pass this test
    try (var server =
        new ServerProcess(home, Map.of("peerbook.sync.snapshot-max-lag", "10000")).start()) {
      Http api = server.api();
      SyncVerifier verifier = BookChecks.verifierFor(api);
      update(api, 1, "first");
      ChainPoint first = BookChecks.head(api);
      // a node on no chain the log knows: the snapshot at the head is built and cached
      assertThat(
              verifiedSnapshot(verifier, BookChecks.sync(api, 0, "e".repeat(64), 100))
                  .head()
                  .version())
          .isEqualTo(first.version());

      // a receiver that took that snapshot, 1,300 versions later (more than the book's size)
      update(api, 130, "second");
      ChainPoint second = BookChecks.head(api);
      SyncAnswer.Snapshot again =
          verifiedSnapshot(verifier, BookChecks.sync(api, first.version(), first.hash(), 100));

      assertThat(again.head().version())
          .as("not the snapshot it holds")
          .isGreaterThan(first.version())
          .isEqualTo(second.version());
      assertThat(BookChecks.sync(api, again.head().version(), again.head().hash(), 100))
          .as("it finishes from the snapshot's version")
          .isInstanceOf(SyncAnswer.Equal.class);

      // a receiver ahead of the cached snapshot, far enough behind the head to be sent one
      update(api, 10, "third");
      ChainPoint mid = BookChecks.head(api);
      update(api, 120, "fourth");
      ChainPoint fourth = BookChecks.head(api);
      SyncAnswer.Snapshot forMid =
          verifiedSnapshot(verifier, BookChecks.sync(api, mid.version(), mid.hash(), 100));

      assertThat(forMid.head().version())
          .as("never older than the requester (it would refuse it as a rollback)")
          .isGreaterThan(mid.version())
          .isEqualTo(fourth.version());
      // and one build serves everyone behind it
      assertThat(
              verifiedSnapshot(verifier, BookChecks.sync(api, 0, BookChecks.ZERO, 100))
                  .head()
                  .version())
          .isEqualTo(fourth.version());
    }
  }
}
