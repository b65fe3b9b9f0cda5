package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.protocol.AnswerHandler;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.VerificationException;
import org.peerbook.protocol.VerificationException.Reason;

class CopySyncTest {
  @TempDir Path dir;
  private final TestBook book = new TestBook();
  private LocalStore store;

  @BeforeEach
  void open() {
    for (int i = 0; i < 8; i++) {
      book.upsert(TestBook.contact("c" + (i % 5), "Name " + i));
    }
    store = LocalStore.open(dir, 100);
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    store.close();
  }

  private CopySync sync() {
    return new CopySync(
        store, new SyncVerifier(book.keys.getPublic()), "me", null, SyncLimits.DEFAULTS);
  }

  /** An honest source in pages of three, whose answers a test may spoil. */
  private SyncSource source(Function<SyncAnswer, SyncAnswer> spoil) {
    return new SyncSource() {
      @Override
      public <T> T ask(SyncRequest request, SyncBudget budget, AnswerHandler<T> handler) {
        SyncAnswer answer = spoil.apply(honestAnswer(request));
        // a snapshot streams, as from the wire
        return answer instanceof SyncAnswer.Snapshot snapshot
            ? handler.snapshot(snapshot.head(), snapshot.contacts().iterator())
            : handler.answer(answer);
      }

      @Override
      public String describe() {
        return "test source";
      }
    };
  }

  private SyncAnswer honestAnswer(SyncRequest request) {
    long from = request.version();
    if (from == book.head().version()) {
      return new SyncAnswer.Equal(book.head());
    }
    long upTo = Math.min(from + 3, book.head().version());
    return new SyncAnswer.Delta(
        book.head(), book.entries(from, upTo), upTo == book.head().version());
  }

  /** A source whose log does not reach back to the requester: it sends the whole book. */
  private SyncSource snapshotSource(Function<List<ContactDto>, List<ContactDto>> spoil) {
    return source(
        answer ->
            answer instanceof SyncAnswer.Delta
                ? new SyncAnswer.Snapshot(
                    book.head(), spoil.apply(List.copyOf(book.contacts.values())))
                : answer);
  }

  @Test
  void bringsTheCopyToTheSourcesHeadInOneStep() {
    CopySync.Result result = sync().syncFrom(source(answer -> answer));

    assertThat(result.version()).isEqualTo(8);
    assertThat(result.requests()).isEqualTo(3);
    assertThat(store.summary()).isEqualTo(new LocalStore.Summary(8, 5));
    assertThat(sync().syncFrom(source(answer -> answer)).requests()).isEqualTo(1);
  }

  @Test
  void refusesATamperedPageAndAppliesNothingOfIt() {
    SyncSource tampering =
        source(
            answer -> {
              if (answer instanceof SyncAnswer.Delta delta && delta.complete()) {
                List<ChangeEntry> entries = new ArrayList<>(delta.entries());
                ChangeEntry last = entries.remove(entries.size() - 1);
                entries.add(
                    new ChangeEntry(
                        last.version(),
                        last.contactId(),
                        last.operation(),
                        TestBook.contact(last.contactId(), "Mallory"),
                        last.time(),
                        last.previousHash(),
                        last.hash()));
                return new SyncAnswer.Delta(delta.head(), entries, true);
              }
              return answer;
            });

    assertThatThrownBy(() -> sync().syncFrom(tampering))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED_ENTRY));
    assertThat(store.summary()).isEqualTo(new LocalStore.Summary(0, 0));
  }

  @Test
  void refusesAnOlderSignedSnapshotSoTheCopyNeverGoesBack() {
    sync().syncFrom(source(answer -> answer));
    var older = new SyncAnswer.Snapshot(book.headAt(0), List.of());
    SyncSource rollingBack = source(answer -> older);

    assertThatThrownBy(() -> sync().syncFrom(rollingBack))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ROLLBACK));
    assertThat(store.version()).isEqualTo(8);
  }

  @Test
  void refusesAHeadSignedByAnotherKey() {
    TestBook forger = new TestBook();
    forger.upsert(TestBook.contact("x", "Forged"));
    SyncSource forging =
        source(answer -> new SyncAnswer.Delta(forger.head(), forger.entries(0, 1), true));

    assertThatThrownBy(() -> sync().syncFrom(forging))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    assertThat(store.version()).isZero();
  }

  @Test
  void countsTheContactsOfASnapshotAndTheEntriesOfADeltaItTookIn() {
    var progress = new SyncProgress(java.time.Clock.systemUTC());
    progress.started("test source");

    sync().syncFrom(snapshotSource(contacts -> contacts), bytes -> {}, progress);

    var atEnd = progress.now().orElseThrow();
    assertThat(atEnd.source()).isEqualTo("test source");
    assertThat(atEnd.phase()).isEqualTo(SyncProgress.Phase.COMMITTING);
    assertThat(atEnd.done()).isEqualTo(5);
    assertThat(atEnd.toVersion()).isEqualTo(8);
    progress.finished();
    assertThat(progress.now()).isEmpty();

    book.upsert(TestBook.contact("c9", "Later"));
    book.upsert(TestBook.contact("c9", "Later still"));
    progress.started("test source");
    sync().syncFrom(source(answer -> answer), bytes -> {}, progress);
    assertThat(progress.now().orElseThrow().phase()).isEqualTo(SyncProgress.Phase.COMMITTING);
    assertThat(progress.now().orElseThrow().done()).isEqualTo(2);
    assertThat(progress.now().orElseThrow().toVersion()).isEqualTo(10);
  }

  @Test
  void takesASnapshotWhenTheSourcesLogDoesNotReachBack() {
    CopySync.Result result = sync().syncFrom(snapshotSource(contacts -> contacts));

    assertThat(result.version()).isEqualTo(8);
    assertThat(result.requests()).as("the snapshot, then EQUAL").isEqualTo(2);
    assertThat(store.summary()).isEqualTo(new LocalStore.Summary(8, 5));
    assertThat(store.contact("c3")).contains(book.contacts.get("c3"));
  }

  @Test
  void refusesASnapshotWithATamperedContactAndKeepsTheCopyItHad() {
    book.upsert(TestBook.contact("c9", "Ninth"));
    sync().syncFrom(source(answer -> answer));
    book.upsert(TestBook.contact("c1", "Changed"));
    SyncSource tampering =
        snapshotSource(
            contacts -> {
              List<ContactDto> spoiled = new ArrayList<>(contacts);
              spoiled.set(0, TestBook.contact(spoiled.get(0).id(), "Mallory"));
              return spoiled;
            });

    assertThatThrownBy(() -> sync().syncFrom(tampering))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.STATE_MISMATCH));
    assertThat(store.summary()).isEqualTo(new LocalStore.Summary(9, 6));
    assertThat(store.contact("c1")).contains(TestBook.contact("c1", "Name 6"));
  }

  @Test
  void refusesASnapshotThatRepeatsOrLeavesOutAContact() {
    SyncSource repeating =
        snapshotSource(
            contacts -> {
              List<ContactDto> spoiled = new ArrayList<>(contacts);
              spoiled.add(spoiled.get(0));
              return spoiled;
            });
    SyncSource leavingOut = snapshotSource(contacts -> contacts.subList(1, contacts.size()));

    assertThatThrownBy(() -> sync().syncFrom(repeating))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DUPLICATE_CONTACT));
    assertThatThrownBy(() -> sync().syncFrom(leavingOut))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.STATE_MISMATCH));
    assertThat(store.summary()).isEqualTo(new LocalStore.Summary(0, 0));
  }

  @Test
  void reportsASourceThatIsBehind() {
    sync().syncFrom(source(answer -> answer));
    SyncSource behind = source(answer -> new SyncAnswer.RequesterNewer(2, book.log.get(1).hash()));

    assertThat(sync().syncFrom(behind).outcome()).isEqualTo(CopySync.Outcome.SOURCE_BEHIND);
  }
}
