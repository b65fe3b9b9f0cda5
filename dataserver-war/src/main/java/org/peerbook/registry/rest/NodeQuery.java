package org.peerbook.registry.rest;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.peerbook.QueryParameters;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * One page of the node table as the console asks for it: the nodes whose id or addresses contain
 * the search text, sorted by a column, from an offset. The table is read whole per request (an
 * administrator's, not a node's), so no index is kept for it.
 */
record NodeQuery(String contains, String sort, boolean descending, int offset, int limit) {
  static final int MAX_LIMIT = 1000;
  static final int MAX_SEARCH = 200;

  private static final Comparator<ResourceNode> BY_ID = Comparator.comparing(ResourceNode::nodeId);

  private static final Map<String, Comparator<ResourceNode>> COLUMNS =
      Map.of(
          "id", BY_ID,
          "version", by(ResourceNode::version),
          "load", by(ResourceNode::load),
          "leaseExpiry", by(ResourceNode::leaseExpiry),
          "registeredAt", by(ResourceNode::registeredAt),
          "networkAddress", by(node -> node.networkAddress().getHostAddress()));

  record Page(int total, List<ResourceNode> nodes) {}

  /** Reads the query parameters; absent ones ask for every node by id. */
  static NodeQuery of(String contains, String sort, String order, String offset, String limit) {
    if (contains != null && contains.length() > MAX_SEARCH) {
      throw new MalformedMessageException("q", "must be at most " + MAX_SEARCH + " characters");
    }
    String column = sort == null || sort.isEmpty() ? "id" : sort;
    if (!COLUMNS.containsKey(column)) {
      throw new MalformedMessageException(
          "sort",
          "must be one of " + String.join(", ", COLUMNS.keySet().stream().sorted().toList()));
    }
    if (order != null && !order.isEmpty() && !order.equals("asc") && !order.equals("desc")) {
      throw new MalformedMessageException("order", "must be asc or desc");
    }
    return new NodeQuery(
        contains == null ? "" : contains.toLowerCase(Locale.ROOT),
        column,
        "desc".equals(order),
        QueryParameters.intParam("offset", offset, 0, 0, Integer.MAX_VALUE),
        QueryParameters.intParam("limit", limit, Integer.MAX_VALUE, 1, MAX_LIMIT));
  }

  Page apply(Collection<ResourceNode> table) {
    Comparator<ResourceNode> order = COLUMNS.get(sort);
    if (descending) {
      order = order.reversed();
    }
    List<ResourceNode> matching =
        table.stream().filter(this::matches).sorted(order.thenComparing(BY_ID)).toList();
    int from = (int) Math.min(offset, matching.size());
    int to = (int) Math.min((long) from + limit, matching.size());
    return new Page(matching.size(), matching.subList(from, to));
  }

  private boolean matches(ResourceNode node) {
    return contains.isEmpty()
        || node.nodeId().toLowerCase(Locale.ROOT).contains(contains)
        || node.syncAddress().toString().toLowerCase(Locale.ROOT).contains(contains)
        || node.networkAddress().getHostAddress().contains(contains);
  }

  private static <T extends Comparable<? super T>> Comparator<ResourceNode> by(
      Function<ResourceNode, T> column) {
    return Comparator.comparing(column);
  }
}
