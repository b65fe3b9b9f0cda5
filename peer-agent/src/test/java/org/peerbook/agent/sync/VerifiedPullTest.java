package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.HashChain;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.VerificationException;

class VerifiedPullTest {
  private KeyPair keys;
  private final List<ChangeEntry> log = new ArrayList<>();
  private final Map<String, ContactDto> book = new TreeMap<>();
  private SignedHead head;

  @BeforeEach
  void buildABook() throws Exception {
    keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    StateDigest state = StateDigest.empty();
    String hash = Hashes.ZERO;
    for (int v = 1; v <= 7; v++) {
      ContactDto contact = contact("c" + (v % 4), "Name " + v);
      ContactDto previous = book.put(contact.id(), contact);
      if (previous != null) {
        state.remove(previous);
      }
      state.add(contact);
      ChangeEntry entry =
          HashChain.seal(v, contact.id(), Operation.UPSERT, contact, Instant.EPOCH, hash);
      log.add(entry);
      hash = entry.hash();
    }
    head = HeadSignatures.sign(keys.getPrivate(), 7, hash, state.digest());
  }

  private static ContactDto contact(String id, String name) {
    return new ContactDto(
        id, name, null, null, List.of(), List.of(), null, null, null, null, null, Map.of());
  }

  /** Serves the log in pages of three, or a snapshot when asked from below {@code floor}. */
  private SyncSource source(int floor, java.util.function.UnaryOperator<List<ChangeEntry>> tamper) {
    return new SyncSource() {
      @Override
      public SyncAnswer ask(SyncRequest request) {
        long from = request.version();
        if (from == head.version()) {
          return new SyncAnswer.Equal(head);
        }
        if (from < floor) {
          return new SyncAnswer.Snapshot(head, List.copyOf(book.values()));
        }
        List<ChangeEntry> page = log.subList((int) from, (int) Math.min(from + 3, log.size()));
        return new SyncAnswer.Delta(head, tamper.apply(page), from + page.size() == head.version());
      }

      @Override
      public String describe() {
        return "test source";
      }
    };
  }

  private VerifiedPull pull() {
    return new VerifiedPull(new SyncVerifier(keys.getPublic()), "test-node");
  }

  @Test
  void pullsTheWholeBookInDeltaPages() {
    VerifiedPull.Book pulled = pull().pull(source(0, page -> page));

    assertThat(pulled.head()).isEqualTo(head);
    assertThat(pulled.contacts()).isEqualTo(book);
    assertThat(pulled.requests()).isEqualTo(3);
  }

  @Test
  void pullsASnapshotWhenTheLogDoesNotReachBack() {
    VerifiedPull.Book pulled = pull().pull(source(3, page -> page));

    assertThat(pulled.contacts()).isEqualTo(book);
    assertThat(pulled.requests()).isEqualTo(2);
  }

  @Test
  void refusesASourceThatTampersWithAnEntry() {
    SyncSource tampering =
        source(
            0,
            page -> {
              List<ChangeEntry> forged = new ArrayList<>(page);
              ChangeEntry first = forged.get(0);
              forged.set(
                  0,
                  new ChangeEntry(
                      first.version(),
                      first.contactId(),
                      first.operation(),
                      contact(first.contactId(), "Mallory"),
                      first.time(),
                      first.previousHash(),
                      first.hash()));
              return forged;
            });

    assertThatThrownBy(() -> pull().pull(tampering))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.reason()).isEqualTo(VerificationException.Reason.TAMPERED_ENTRY));
  }

  @Test
  void refusesABookSignedByAnotherKey() throws Exception {
    KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    var strangerPull = new VerifiedPull(new SyncVerifier(other.getPublic()), "test-node");

    assertThatThrownBy(() -> strangerPull.pull(source(0, page -> page)))
        .isInstanceOf(VerificationException.class);
  }
}
