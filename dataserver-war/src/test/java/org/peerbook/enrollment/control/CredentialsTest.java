package org.peerbook.enrollment.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CredentialsTest {
  @Test
  void makesDistinctUnguessableCredentialsAndMatchesOnlyTheIssuedOne() {
    String first = Credentials.newCredential();
    String second = Credentials.newCredential();

    assertThat(first).hasSize(43).isNotEqualTo(second).matches("[A-Za-z0-9_-]+");
    assertThat(Credentials.matches(first, Credentials.hash(first))).isTrue();
    assertThat(Credentials.matches(second, Credentials.hash(first))).isFalse();
    assertThat(Credentials.hash(first)).hasSize(64).doesNotContain(first);
  }

  @Test
  void readsTheTwoModesAndNamesTheAllowedOnesOtherwise() {
    assertThat(EnrollmentMode.parse(" Per-Node ")).isEqualTo(EnrollmentMode.PER_NODE);
    assertThat(EnrollmentMode.parse("secret")).isEqualTo(EnrollmentMode.SECRET);
    assertThat(EnrollmentMode.PER_NODE.configName()).isEqualTo("per-node");
    assertThatThrownBy(() -> EnrollmentMode.parse("per_node"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'secret' or 'per-node'");
  }
}
