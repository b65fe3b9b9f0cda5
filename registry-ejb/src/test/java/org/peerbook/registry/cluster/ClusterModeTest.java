package org.peerbook.registry.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterModeTest {

  private static ClusterMode mode(boolean enabled, Optional<String> databaseUrl) {
    ClusterMode mode = new ClusterMode();
    mode.enabled = enabled;
    mode.databaseUrl = databaseUrl;
    return mode;
  }

  @Test
  void aClusterWithoutASharedDatabaseDoesNotStart() {
    for (Optional<String> none : java.util.List.of(Optional.<String>empty(), Optional.of(" "))) {
      assertThatThrownBy(() -> mode(true, none).check())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("peerbook.db.url");
    }
  }

  @Test
  void oneServerNeedsNoDatabaseSettingAndAClusterWithOneStarts() {
    ClusterMode single = mode(false, Optional.empty());
    single.check();
    ClusterMode member = mode(true, Optional.of("jdbc:postgresql://127.0.0.1:5432/test"));
    member.check();

    assertThat(single.enabled()).isFalse();
    assertThat(member.enabled()).isTrue();
  }
}
