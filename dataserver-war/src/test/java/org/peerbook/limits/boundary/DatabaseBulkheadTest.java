package org.peerbook.limits.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseBulkheadTest {
  @Test
  void theAgentsOwnRegistryCallsAreServedWhateverTheDatabaseDoes() {
    assertThat(DatabaseBulkhead.isExempt("/api/registry/nodes/n1/heartbeat")).isTrue();
    assertThat(DatabaseBulkhead.isExempt("/api/registry/nodes/n1/sources")).isTrue();
    assertThat(DatabaseBulkhead.isExempt("/api/registry/nodes/n1/peers/n2")).isTrue();
    assertThat(DatabaseBulkhead.isExempt("/api/registry/nodes/n1")).isTrue();
  }

  @Test
  void everythingElseMayWaitOnTheDatabaseAndCountsTowardsTheBound() {
    assertThat(DatabaseBulkhead.isExempt("/api/registry/nodes"))
        .as("a registration may read its node's credential")
        .isFalse();
    assertThat(DatabaseBulkhead.isExempt("/api/registry/nodes/")).isFalse();
    assertThat(DatabaseBulkhead.isExempt("/api/contacts/x")).isFalse();
    assertThat(DatabaseBulkhead.isExempt("/api/sync/delta")).isFalse();
    assertThat(DatabaseBulkhead.isExempt("/api/registry/admin/nodes")).isFalse();
  }
}
