package org.peerbook.protocol;

/**
 * "My version is {@code version} and my head hash is {@code headHash}": what a requester sends to a
 * source.
 *
 * @param limit the most entries the requester wants in one DELTA page
 * @param syncAddress where the requester itself serves, so that a source behind it can pull from it
 *     (F4); {@code null} for a requester that does not serve
 */
public record SyncRequest(
    String nodeId, long version, String headHash, int limit, String syncAddress) {
  public static final int DEFAULT_LIMIT = 1_000;
  public static final int MAX_LIMIT = 10_000;

  public SyncRequest(String nodeId, long version, String headHash, int limit) {
    this(nodeId, version, headHash, limit, null);
  }
}
