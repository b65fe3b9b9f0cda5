package org.peerbook.registry.nodes.control;

/**
 * A registration, deregistration or heartbeat that would have to wait on the data grid while as
 * many requests as this member lets wait there already do (a member stalled, its partitions not yet
 * taken over): refused at once, unchanged, so that the requests that need no grid round trip keep
 * their threads. The node tries again, or another member.
 */
public class GridBusyException extends RegistryException {
  private static final long serialVersionUID = 1L;

  /** What the node is told to wait before it asks again. */
  public static final int RETRY_AFTER_SECONDS = 2;

  GridBusyException(int waiting) {
    super(
        waiting
            + " requests already wait on the cluster's data grid here (a member does not"
            + " answer); retry after "
            + RETRY_AFTER_SECONDS
            + " s, or at another member");
  }
}
