package org.peerbook.registry.nodes.control;

/**
 * A node's request to a cluster member that is cut off from the others ({@link
 * org.peerbook.registry.cluster.GridMajority}): its node table is not the cluster's, so it answers
 * nothing from it. The node asks another member, or this one again once it merged back.
 */
public class GridCutOffException extends RegistryException {
  private static final long serialVersionUID = 1L;

  /** What the node is told to wait before it asks this member again. */
  public static final int RETRY_AFTER_SECONDS = 2;

  GridCutOffException(String why) {
    super(
        "this cluster member "
            + why
            + " (it was paused, or the network split it off): its node table is not the"
            + " cluster's until it merges back; ask another member, or this one after "
            + RETRY_AFTER_SECONDS
            + " s");
  }
}
