package org.peerbook.registry.nodes.control;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.peerbook.registry.allocation.control.Allocation;
import org.peerbook.registry.allocation.control.HopBudget;
import org.peerbook.registry.allocation.control.Requester;
import org.peerbook.registry.allocation.control.SourceAllocator;
import org.peerbook.registry.allocation.control.SourceReports;
import org.peerbook.registry.nodes.entity.ResourceNode;

/**
 * A node asking whom to sync from: the {@link SourceAllocator allocation decision} run over the
 * {@link NodeTable}'s holders, the peers handed out remembered for the reports that may name them,
 * and each kind of answer counted. Thread-safe, as the parts it uses are.
 */
final class SourceRequests {
  private final RegistrySettings config;
  private final Clock clock;
  private final RandomGenerator random;
  private final NodeTable table;
  private final SourceAllocator allocator;
  private final SourceReports reports;
  private final RegistryStatistics statistics;
  private final LongSupplier headVersion;

  /**
   * @param headVersion the newest head the data server announced
   */
  SourceRequests(
      RegistrySettings config,
      Clock clock,
      RandomGenerator random,
      NodeTable table,
      SourceAllocator allocator,
      SourceReports reports,
      RegistryStatistics statistics,
      LongSupplier headVersion) {
    this.config = config;
    this.clock = clock;
    this.random = random;
    this.table = table;
    this.allocator = allocator;
    this.reports = reports;
    this.statistics = statistics;
    this.headVersion = headVersion;
  }

  /** See {@link Registry#sources}. */
  Allocation sources(String nodeId, Long version, Integer wanted) {
    ResourceNode requester = table.get(nodeId);
    if (requester == null || requester.origin()) {
      throw new UnknownNodeException(nodeId);
    }
    long requesterVersion = version == null ? requester.version() : NodeAddresses.version(version);
    statistics.sourceRequests.increment();
    Instant now = clock.instant();
    long head = headVersion.getAsLong();
    SourceAllocator.Decision decision =
        allocator.decide(
            new Requester(nodeId, requester.networkAddress(), requesterVersion),
            wanted,
            head,
            now,
            (asking, chain, k, fanOut) ->
                table.handOut(
                    asking,
                    chain,
                    k,
                    config.hopBudget() ? new HopBudget(fanOut) : HopBudget.NONE,
                    config.sessionsPerPeer(),
                    now,
                    id -> reports.isWithheldFrom(nodeId, id, now),
                    random));
    return switch (decision.kind()) {
      case PEERS -> {
        reports.handedOut(
            nodeId, decision.peers().stream().map(ResourceNode::nodeId).toList(), now);
        statistics.allocatedBy(decision.leadingStrategy());
        yield new Allocation(decision.peers(), false, 0, head);
      }
      case UP_TO_DATE -> {
        statistics.upToDate.increment();
        yield new Allocation(List.of(), false, 0, head);
      }
      case DATA_SERVER -> {
        statistics.dataServerFallbacks.increment();
        yield new Allocation(List.of(table.get(config.dataServerId())), true, 0, head);
      }
      case RETRY -> {
        statistics.dataServerRetries.increment();
        yield new Allocation(List.of(), false, config.retryAfterSeconds(), head);
      }
      case PEERS_FULL -> {
        statistics.peersFull.increment();
        yield new Allocation(List.of(), false, config.retryAfterSeconds(), head);
      }
    };
  }
}
