package org.peerbook.registry.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.registry.nodes.entity.ResourceNode;

class NodeQueryTest {
  private static ResourceNode node(String id, String ip, long version, int load) {
    try {
      return new ResourceNode(
          id,
          URI.create("http://" + ip + ":9000/api/sync"),
          InetAddress.getByName(ip),
          version,
          load,
          0,
          Instant.parse("2026-12-02T12:00:00Z").plusSeconds(version),
          false,
          Instant.parse("2026-12-02T11:00:00Z"),
          0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final List<ResourceNode> TABLE =
      List.of(
          node("laptop-b", "10.1.0.2", 7, 3),
          node("laptop-a", "10.1.0.1", 9, 0),
          node("desk-c", "10.2.0.9", 7, 1),
          node("Laptop-D", "10.2.0.4", 3, 8));

  private static List<String> ids(NodeQuery.Page page) {
    return page.nodes().stream().map(ResourceNode::nodeId).toList();
  }

  @Test
  void withoutParametersListsEveryNodeById() {
    NodeQuery.Page page = NodeQuery.of(null, null, null, null, null).apply(TABLE);

    assertThat(page.total()).isEqualTo(4);
    assertThat(ids(page)).containsExactly("Laptop-D", "desk-c", "laptop-a", "laptop-b");
  }

  @Test
  void searchesIdsAndAddressesIgnoringCase() {
    assertThat(ids(NodeQuery.of("LAPTOP", null, null, null, null).apply(TABLE)))
        .containsExactly("Laptop-D", "laptop-a", "laptop-b");
    assertThat(ids(NodeQuery.of("10.2.", null, null, null, null).apply(TABLE)))
        .containsExactly("Laptop-D", "desk-c");
  }

  @Test
  void sortsByAColumnWithTheIdBreakingTies() {
    assertThat(ids(NodeQuery.of("", "version", "desc", null, null).apply(TABLE)))
        .containsExactly("laptop-a", "desk-c", "laptop-b", "Laptop-D");
    assertThat(ids(NodeQuery.of("", "version", "asc", null, null).apply(TABLE)))
        .containsExactly("Laptop-D", "desk-c", "laptop-b", "laptop-a");
    assertThat(ids(NodeQuery.of("", "load", null, null, null).apply(TABLE)))
        .containsExactly("laptop-a", "desk-c", "laptop-b", "Laptop-D");
  }

  @Test
  void pagesCountEveryMatchAndStopAtTheEnd() {
    NodeQuery.Page second = NodeQuery.of("", "id", null, "2", "2").apply(TABLE);
    NodeQuery.Page beyond = NodeQuery.of("", "id", null, "10", "2").apply(TABLE);

    assertThat(second.total()).isEqualTo(4);
    assertThat(ids(second)).containsExactly("laptop-a", "laptop-b");
    assertThat(beyond.total()).isEqualTo(4);
    assertThat(beyond.nodes()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "sort,password,,,",
    "order,,sideways,,",
    "offset,,,-1,",
    "offset,,,x,",
    "limit,,,,0",
    "limit,,,,1001",
  })
  void refusesWhatItCannotAnswer(
      String field, String sort, String order, String offset, String limit) {
    assertThatThrownBy(() -> NodeQuery.of(null, sort, order, offset, limit))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining(field);
  }

  @Test
  void refusesAnOverlongSearch() {
    assertThatThrownBy(() -> NodeQuery.of("x".repeat(201), null, null, null, null))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("q");
  }
}
