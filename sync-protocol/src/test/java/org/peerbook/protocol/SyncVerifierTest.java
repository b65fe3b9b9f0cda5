package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.SyncVerifier.ChainPoint;
import org.peerbook.protocol.VerificationException.Reason;

class SyncVerifierTest {
  private static final KeyPair KEYS = Samples.keyPair();
  private static final Samples.Chain CHAIN = Samples.chain(KEYS, 12);
  private final SyncVerifier verifier = new SyncVerifier(KEYS.getPublic());

  @Test
  void acceptsTheWholeChainFromTheEmptyBook() {
    assertThatCode(() -> verifier.verifyDelta(ChainPoint.EMPTY_BOOK, CHAIN.entries(), CHAIN.head()))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsADeltaFromAPointInTheMiddle() {
    ChangeEntry fifth = CHAIN.entries().get(4);
    assertThatCode(
            () ->
                verifier.verifyDelta(
                    new ChainPoint(5, fifth.hash()), CHAIN.entries().subList(5, 12), CHAIN.head()))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesATamperedEntry() {
    List<ChangeEntry> entries = new ArrayList<>(CHAIN.entries());
    ChangeEntry third = entries.get(2);
    ContactDto forged = third.contact().withId(third.contactId());
    forged =
        new ContactDto(
            forged.id(),
            "Mallory",
            forged.givenName(),
            forged.familyName(),
            forged.emails(),
            forged.phones(),
            forged.organisation(),
            forged.department(),
            forged.title(),
            forged.manager(),
            forged.officeLocation(),
            forged.attributes());
    entries.set(
        2,
        new ChangeEntry(
            third.version(),
            third.contactId(),
            third.operation(),
            forged,
            third.time(),
            third.previousHash(),
            third.hash()));
    assertRefused(ChainPoint.EMPTY_BOOK, entries, CHAIN.head(), Reason.TAMPERED_ENTRY);
  }

  @Test
  void refusesAnEntryRehashedOntoAnotherPredecessor() {
    List<ChangeEntry> entries = new ArrayList<>(CHAIN.entries());
    ChangeEntry third = entries.get(2);
    entries.set(
        2,
        HashChain.seal(
            third.version(),
            third.contactId(),
            third.operation(),
            third.contact(),
            third.time(),
            Hashes.ZERO));
    assertRefused(ChainPoint.EMPTY_BOOK, entries, CHAIN.head(), Reason.BROKEN_CHAIN);
  }

  @Test
  void refusesAMissingEntry() {
    List<ChangeEntry> entries = new ArrayList<>(CHAIN.entries());
    entries.remove(6);
    assertRefused(ChainPoint.EMPTY_BOOK, entries, CHAIN.head(), Reason.VERSION_GAP);
  }

  @Test
  void refusesReorderedEntries() {
    List<ChangeEntry> entries = new ArrayList<>(CHAIN.entries());
    java.util.Collections.swap(entries, 3, 4);
    assertRefused(ChainPoint.EMPTY_BOOK, entries, CHAIN.head(), Reason.VERSION_GAP);
  }

  @Test
  void refusesATruncatedChain() {
    assertRefused(
        ChainPoint.EMPTY_BOOK, CHAIN.entries().subList(0, 10), CHAIN.head(), Reason.HEAD_MISMATCH);
  }

  @Test
  void refusesAHeadSignedByAnotherKey() {
    SignedHead head = CHAIN.head();
    SignedHead foreign =
        HeadSignatures.sign(
            Samples.keyPair().getPrivate(), head.version(), head.hash(), head.stateDigest());
    assertRefused(ChainPoint.EMPTY_BOOK, CHAIN.entries(), foreign, Reason.BAD_SIGNATURE);
  }

  @Test
  void refusesAHeadWhoseSignatureIsNotBase64() {
    SignedHead head = CHAIN.head();
    SignedHead garbled = new SignedHead(head.version(), head.hash(), head.stateDigest(), "%%%");
    assertRefused(ChainPoint.EMPTY_BOOK, CHAIN.entries(), garbled, Reason.BAD_SIGNATURE);
  }

  @Test
  void refusesAHeadOlderThanWhatTheReceiverHolds() {
    Samples.Chain older = Samples.chain(KEYS, 3);
    ChangeEntry fifth = CHAIN.entries().get(4);
    assertRefused(new ChainPoint(5, fifth.hash()), List.of(), older.head(), Reason.ROLLBACK);
  }

  @Test
  void acceptsTheSnapshotOfTheSignedBook() {
    SnapshotVerifier snapshot = verifier.snapshot(CHAIN.head());
    CHAIN.book().forEach(snapshot::accept);
    assertThatCode(snapshot::finish).doesNotThrowAnyException();
  }

  @Test
  void refusesASnapshotWithAContactMissing() {
    SnapshotVerifier snapshot = verifier.snapshot(CHAIN.head());
    CHAIN.book().subList(1, CHAIN.book().size()).forEach(snapshot::accept);
    assertThatThrownBy(snapshot::finish)
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.STATE_MISMATCH));
  }

  @Test
  void refusesASnapshotWithAForgedContact() {
    SnapshotVerifier snapshot = verifier.snapshot(CHAIN.head());
    CHAIN.book().subList(1, CHAIN.book().size()).forEach(snapshot::accept);
    snapshot.accept(Samples.wang().withId(CHAIN.book().get(0).id()));
    assertThatThrownBy(snapshot::finish).isInstanceOf(VerificationException.class);
  }

  @Test
  void refusesASnapshotThatRepeatsAContact() {
    SnapshotVerifier snapshot = verifier.snapshot(CHAIN.head());
    snapshot.accept(CHAIN.book().get(0));
    assertThatThrownBy(() -> snapshot.accept(CHAIN.book().get(0)))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DUPLICATE_CONTACT));
  }

  @Test
  void refusesASnapshotUnderAHeadSignedByAnotherKey() {
    SignedHead head = CHAIN.head();
    SignedHead foreign =
        HeadSignatures.sign(
            Samples.keyPair().getPrivate(), head.version(), head.hash(), head.stateDigest());
    assertThatThrownBy(() -> verifier.snapshot(foreign)).isInstanceOf(VerificationException.class);
  }

  @Test
  void publicKeysSurviveTheirTextForm() {
    String text = HeadSignatures.encode(KEYS.getPublic());
    assertThat(HeadSignatures.isSignedBy(HeadSignatures.decodePublicKey(text), CHAIN.head()))
        .isTrue();
  }

  private void assertRefused(
      ChainPoint base, List<ChangeEntry> entries, SignedHead head, Reason reason) {
    assertThatThrownBy(() -> verifier.verifyDelta(base, entries, head))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
