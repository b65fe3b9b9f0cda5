package org.peerbook.registry.nodes.control;

/**
 * A registration claims what a live node already holds: its id (without that node's token) or its
 * sync endpoint. Refused so that nobody can take over another node or send others to its address.
 */
public class NodeClaimException extends RegistryException {
  private static final long serialVersionUID = 1L;
  private final long retryAfterSeconds;

  private NodeClaimException(String message, long retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * @param leaseLeft seconds until the holder's lease lapses unless it heartbeats
   */
  public static NodeClaimException idTaken(String nodeId, long leaseLeft) {
    return new NodeClaimException(
        "node "
            + nodeId
            + " is registered and live; registering it again needs its node token"
            + " (Authorization: Bearer), or its lease must lapse first",
        leaseLeft);
  }

  public static NodeClaimException endpointTaken(String endpoint, String holder) {
    return new NodeClaimException(
        "the sync endpoint " + endpoint + " is live node " + holder + "'s", 0);
  }

  /**
   * The node's tokens were revoked in this very second: a token issued now could not be told from
   * the revoked ones (expiries are whole seconds), so the registration waits a second.
   */
  public static NodeClaimException justRevoked(String nodeId) {
    return new NodeClaimException(
        "the tokens of node " + nodeId + " were revoked this second; register again in 1 s", 1);
  }

  /**
   * The node's record kept changing while it registered (it heartbeats and registers through other
   * members at once): the registration is refused rather than retried for ever.
   */
  public static NodeClaimException busy(String nodeId) {
    return new NodeClaimException(
        "the record of node "
            + nodeId
            + " kept changing while it registered; register again in 1 s",
        1);
  }

  /** When trying again may succeed; 0 when only another address will. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
