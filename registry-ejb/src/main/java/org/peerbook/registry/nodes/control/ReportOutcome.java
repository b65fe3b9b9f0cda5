package org.peerbook.registry.nodes.control;

/**
 * What a report about a source did.
 *
 * @param counted whether it counted: the registry had recently handed the reported node to the
 *     reporter (and that hand-out is now used up)
 * @param evicted whether the reported node was evicted
 */
public record ReportOutcome(boolean counted, boolean evicted) {}
