package org.peerbook.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FleetOverviewResourceTest {
  @Test
  void showsEachLagUpToTheLimitAndCountsTheRestTogether() {
    TreeMap<Long, Integer> behind = new TreeMap<>();
    behind.put(0L, 900);
    behind.put(1L, 80);
    behind.put(31L, 5);
    behind.put(32L, 3);
    behind.put(4_000L, 2);

    JsonArray rows = FleetOverviewResource.behind(behind).build();

    assertThat(rows).hasSize(4);
    assertThat(rows.getJsonObject(0).getInt("versions")).isZero();
    assertThat(rows.getJsonObject(0).getInt("nodes")).isEqualTo(900);
    assertThat(rows.getJsonObject(2).getInt("versions")).isEqualTo(31);
    JsonObject rest = rows.getJsonObject(3);
    assertThat(rest.getInt("versions")).isEqualTo(FleetOverviewResource.BEHIND_SHOWN);
    assertThat(rest.getBoolean("orMore")).isTrue();
    assertThat(rest.getInt("nodes")).isEqualTo(5);
  }

  @Test
  void anEmptyFleetHasNoRows() {
    assertThat(FleetOverviewResource.behind(new TreeMap<>()).build()).isEmpty();
  }
}
