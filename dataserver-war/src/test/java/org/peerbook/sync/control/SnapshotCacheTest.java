package org.peerbook.sync.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotCacheTest {
  private static final long MAX_LAG = 1_000;

  /** A builder whose book is at {@code head}, counting the builds. */
  private static final class Book extends SnapshotBuilder {
    long head;
    int builds;

    @Override
    public Snapshot build() {
      builds++;
      return new Snapshot(head, 3, new byte[0]);
    }
  }

  private final Book book = new Book();
  private final SyncCounters counters = new SyncCounters();
  private int preparedAhead;
  private final SnapshotCache cache =
      new SnapshotCache() {
        @Override
        void prepareAhead(long headVersion, long logFloor) {
          // the container runs it once the caller's lock is let go: here, at once
          preparedAhead++;
          prepare(headVersion, logFloor);
        }
      };

  {
    cache.builder = book;
    cache.maxLag = MAX_LAG;
    cache.counters = counters;
  }

  @ParameterizedTest(name = "snapshot {0}, requester {1}, head {2}, floor {3}: {4}")
  @CsvSource({
    // snapshot, requester, head, floor, serves
    "701,   0, 1221,   1, true", // moves a new node forward, delta follows
    "701, 701, 1221,   1, false", // the same snapshot again: no progress (the finding)
    "701, 800, 1221,   1, false", // older than the requester: a rollback it must refuse
    "701, 700, 1221,   1, true",
    "701, 700, 1701,   1, false", // the book moved max-lag past it
    "701, 700, 1700,   1, true",
    "701,   0, 1221, 703, false", // the log no longer reaches back to it
    "701,   0, 1221, 702, true", // the oldest entry still names its predecessor's hash
    "1221, 1221, 1221, 1, true", // at the head: the best there is, even for another chain
  })
  void servesOnlySnapshotsThatMoveTheRequesterForwardAndLeaveADelta(
      long snapshot, long requester, long head, long floor, boolean serves) {
    assertThat(
            SnapshotCache.serves(
                new Snapshot(snapshot, 1, new byte[0]), requester, head, floor, MAX_LAG))
        .isEqualTo(serves);
  }

  @Test
  void neverHandsARequesterASnapshotOlderThanItsVersionNorTheSameOneTwice() {
    book.head = 701;
    assertThat(cache.snapshotFor(0, 701, 1).version()).isEqualTo(701);
    book.head = 1_221;

    Snapshot forTheOneAt701 = cache.snapshotFor(701, 1_221, 1);
    Snapshot forTheOneAt800 = cache.snapshotFor(800, 1_221, 1);

    assertThat(forTheOneAt701.version()).isEqualTo(1_221);
    assertThat(forTheOneAt800.version()).isEqualTo(1_221);
    assertThat(book.builds).isEqualTo(2);
  }

  @Test
  void aBurstOfNewNodesCausesOneBuild() {
    book.head = 5_000;
    for (int node = 0; node < 50; node++) {
      assertThat(cache.snapshotFor(0, 5_000, 1).version()).isEqualTo(5_000);
    }
    // the book moves on a little: still one snapshot for the whole burst
    for (long requester = 0; requester < 5_000; requester += 100) {
      assertThat(cache.snapshotFor(requester, 5_010, 1).version()).isEqualTo(5_000);
    }

    assertThat(book.builds).isEqualTo(1);
  }

  @Test
  void isBuiltAheadForNewNodesOnceHalfTheLagIsReachedWhileTheCachedOneStillServes() {
    book.head = 5_000;
    cache.snapshotFor(0, 5_000, 1);
    book.head = 5_499;
    assertThat(cache.snapshotFor(4_000, 5_499, 1).version()).isEqualTo(5_000);
    assertThat(preparedAhead).isZero();

    book.head = 5_500;
    // this requester still gets the cached one; the next new node gets the one built ahead
    assertThat(cache.snapshotFor(4_000, 5_500, 1).version()).isEqualTo(5_000);
    assertThat(cache.snapshotFor(0, 5_500, 1).version()).isEqualTo(5_500);

    assertThat(preparedAhead).isEqualTo(1);
    assertThat(book.builds).isEqualTo(2);
    assertThat(counters.toJson().getJsonObject("snapshot").getInt("version")).isEqualTo(5_500);
  }

  @Test
  void aPreparationAtStartOrAfterACompactionBuildsOnlyWhatNewNodesWillNeed() {
    cache.prepare(0, 1); // the empty book: nothing to send
    assertThat(book.builds).isZero();

    book.head = 2_000;
    cache.prepare(2_000, 1);
    cache.prepare(2_000, 1);
    assertThat(book.builds).isEqualTo(1);

    book.head = 2_300;
    cache.prepare(2_300, 2_100); // compacted past it: the log no longer reaches back
    assertThat(book.builds).isEqualTo(2);
    assertThat(cache.snapshotFor(0, 2_300, 2_100).version()).isEqualTo(2_300);
    assertThat(book.builds).isEqualTo(2);
  }

  @Test
  void aRequesterAtTheHeadOnAnotherChainGetsTheHeadOnceNotARebuildEachTime() {
    book.head = 40;
    cache.snapshotFor(40, 40, 1);
    cache.snapshotFor(40, 40, 1);

    assertThat(book.builds).isEqualTo(1);
  }
}
