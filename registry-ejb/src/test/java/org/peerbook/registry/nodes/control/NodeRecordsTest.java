package org.peerbook.registry.nodes.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.peerbook.registry.nodes.entity.ResourceNode;

class NodeRecordsTest {

  @Test
  void readsBackWhatItWrote() throws Exception {
    ResourceNode node =
        new ResourceNode(
            "laptop-42.corp@site:1",
            URI.create("https://[2001:db8::7]:7443/api/sync"),
            InetAddress.getByName("2001:db8::7"),
            1234567890123L,
            7,
            2,
            Instant.parse("2026-12-01T12:00:00.123456789Z"),
            false,
            Instant.parse("2026-11-30T08:00:00Z"),
            -42,
            5,
            3);

    assertThat(NodeRecords.read(NodeRecords.write(node))).isEqualTo(node);
  }

  @Test
  void readsARenewalAnEarlierMemberWroteInItsOwnForm() throws Exception {
    ResourceNode node =
        new ResourceNode(
            "a",
            URI.create("http://127.0.0.1:9/api/sync"),
            InetAddress.getByName("127.0.0.1"),
            3,
            0,
            0,
            Instant.parse("2026-12-01T12:00:00Z"),
            false,
            Instant.parse("2026-11-30T08:00:00Z"),
            9);
    ResourceNode renewed = node.heartbeat(3, 0, Instant.parse("2026-12-01T12:01:00Z"));
    // as a member before leases were sent apart (GridLeases) wrote a renewal of the lease alone
    String earlier = "r3|" + NodeRecords.write(renewed).substring(3);

    assertThat(NodeRecords.read(earlier)).isEqualTo(renewed);
    assertThat(NodeRecords.write(renewed)).as("what members hear of").matches("n.*");
  }

  @Test
  void readsARecordWrittenBeforeCapacityAsUnsaid() {
    ResourceNode node =
        NodeRecords.read(
            "n2|a|http://127.0.0.1:9/api/sync|127.0.0.1|3|0|0|2026-12-01T12:00:00Z|false"
                + "|2026-11-30T08:00:00Z|9|4");

    assertThat(node.hops()).isEqualTo(4);
    assertThat(node.capacity()).isEqualTo(ResourceNode.UNSAID);
  }

  @Test
  void readsARecordWrittenBeforeHopsAtOneHop() {
    ResourceNode node =
        NodeRecords.read(
            "n1|a|http://127.0.0.1:9/api/sync|127.0.0.1|3|0|0|2026-12-01T12:00:00Z|false"
                + "|2026-11-30T08:00:00Z|9");

    assertThat(node.version()).isEqualTo(3);
    assertThat(node.hops()).isEqualTo(ResourceNode.FROM_DATA_SERVER);
  }

  @Test
  void refusesWhatItDidNotWrite() {
    assertThatThrownBy(() -> NodeRecords.read("n1|x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodeRecords.read("n2|a|b|c|d|e|f|g|h|i|j|k"))
        .isInstanceOf(IllegalArgumentException.class);
    // a capacity on a record of the form before capacities
    assertThatThrownBy(
            () ->
                NodeRecords.read(
                    "n2|a|http://127.0.0.1:9/api/sync|127.0.0.1|3|0|0|2026-12-01T12:00:00Z|false"
                        + "|2026-11-30T08:00:00Z|9|4|2"))
        .isInstanceOf(IllegalArgumentException.class);
    // a well-formed record but for its hops
    assertThatThrownBy(
            () ->
                NodeRecords.read(
                    "n2|a|http://127.0.0.1:9/api/sync|127.0.0.1|3|0|0|2026-12-01T12:00:00Z|false"
                        + "|2026-11-30T08:00:00Z|9|many"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
