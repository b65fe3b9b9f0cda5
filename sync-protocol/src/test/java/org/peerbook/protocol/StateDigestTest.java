package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StateDigestTest {

  @Test
  void doesNotDependOnTheOrderContactsAreAdded() {
    String ab = StateDigest.empty().add(Samples.alice()).add(Samples.wang()).digest();
    String ba = StateDigest.empty().add(Samples.wang()).add(Samples.alice()).digest();
    assertThat(ab).isEqualTo(ba);
  }

  @Test
  void removingUndoesAdding() {
    String empty = StateDigest.empty().digest();
    assertThat(StateDigest.empty().add(Samples.alice()).remove(Samples.alice()).digest())
        .isEqualTo(empty);
  }

  @Test
  void changesWhenAnyFieldChanges() {
    ContactDto renamed = Samples.alice().withId("c-alice-2");
    assertThat(StateDigest.empty().add(renamed).digest())
        .isNotEqualTo(StateDigest.empty().add(Samples.alice()).digest());
  }

  @Test
  void countsTheSameContactTwiceDifferentlyFromOnce() {
    assertThat(StateDigest.empty().add(Samples.alice()).add(Samples.alice()).digest())
        .isNotEqualTo(StateDigest.empty().add(Samples.alice()).digest());
  }

  @Test
  void survivesSavingAndRestoring() {
    StateDigest digest = StateDigest.empty().add(Samples.alice());
    StateDigest restored = StateDigest.fromBase64(digest.toBase64());
    assertThat(restored.add(Samples.wang()).digest())
        .isEqualTo(StateDigest.empty().add(Samples.alice()).add(Samples.wang()).digest());
  }
}
