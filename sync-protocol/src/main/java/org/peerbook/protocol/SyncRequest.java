package org.peerbook.protocol;

/**
 * "My version is {@code version} and my head hash is {@code headHash}": what a requester sends to a
 * source.
 *
 * @param limit the most entries the requester wants in one DELTA page
 */
public record SyncRequest(String nodeId, long version, String headHash, int limit) {
  public static final int DEFAULT_LIMIT = 1_000;
  public static final int MAX_LIMIT = 10_000;
}
