package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncResponderTest {
  private static final int LONG_HISTORY = (int) SyncResponder.SNAPSHOT_CONSIDERED_BEHIND + 500;

  /** A log holding every entry of a chain, over a book of {@code contacts} contacts. */
  private record ChainLog(Samples.Chain chain, long contacts) implements SyncResponder.Log {
    @Override
    public SignedHead head() {
      return chain.head();
    }

    @Override
    public Optional<String> hashAt(long version) {
      return Optional.of(
          version == 0 ? Hashes.ZERO : chain.entries().get((int) version - 1).hash());
    }

    @Override
    public List<ChangeEntry> entriesAfter(long after, long upTo, int limit) {
      return chain.entries().subList((int) after, (int) Math.min(upTo, after + limit));
    }

    @Override
    public long contactCount() {
      return contacts;
    }
  }

  private static SyncRequest from(Samples.Chain chain, long version) {
    String hash = version == 0 ? Hashes.ZERO : chain.entries().get((int) version - 1).hash();
    return new SyncRequest("n", version, hash, 100);
  }

  @Test
  void answersEqualDeltaOrRequesterNewerByVersion() {
    Samples.Chain chain = Samples.chain(Samples.keyPair(), 10);
    ChainLog log = new ChainLog(chain, 8);

    assertThat(SyncResponder.decide(from(chain, 10), log).kind()).isEqualTo(SyncAnswer.Kind.EQUAL);
    SyncResponder.Decision delta = SyncResponder.decide(from(chain, 4), log);
    assertThat(delta.kind()).isEqualTo(SyncAnswer.Kind.DELTA);
    assertThat(((SyncAnswer.Delta) delta.answer()).entries()).hasSize(6);
    assertThat(SyncResponder.decide(new SyncRequest("n", 11, Hashes.ZERO, 100), log).kind())
        .isEqualTo(SyncAnswer.Kind.REQUESTER_NEWER);
    assertThat(SyncResponder.decide(new SyncRequest("n", 4, "b".repeat(64), 100), log).kind())
        .as("another chain")
        .isEqualTo(SyncAnswer.Kind.SNAPSHOT);
  }

  @Test
  void sendsTheBookToARequesterFarBehindWhenTheBookIsSmallerThanWhatItMissed() {
    Samples.Chain chain = Samples.chain(Samples.keyPair(), LONG_HISTORY);

    assertThat(SyncResponder.decide(from(chain, 0), new ChainLog(chain, 300)).kind())
        .isEqualTo(SyncAnswer.Kind.SNAPSHOT);
    assertThat(SyncResponder.decide(from(chain, 0), new ChainLog(chain, 5_000)).kind())
        .as("a book larger than the missed entries")
        .isEqualTo(SyncAnswer.Kind.DELTA);
    assertThat(SyncResponder.decide(from(chain, 600), new ChainLog(chain, 300)).kind())
        .as("not far behind")
        .isEqualTo(SyncAnswer.Kind.DELTA);
  }
}
