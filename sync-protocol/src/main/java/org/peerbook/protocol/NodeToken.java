package org.peerbook.protocol;

import java.time.Instant;
import java.util.Locale;

/**
 * What a node token says: this node id is enrolled until {@code expires}, and the token may be
 * shown to {@code audience} only. The resource manager issues one token of each audience at
 * registration and renews both with every heartbeat.
 */
public record NodeToken(String nodeId, Audience audience, Instant expires) {

  /**
   * Whom a token may be shown to. A node shows its {@link #PEER} token to every source it reads
   * from, so a hostile source can collect it: that token must not let anyone speak for the node to
   * the resource manager, which accepts {@link #REGISTRY} tokens only.
   */
  public enum Audience {
    /** The resource manager's node API: heartbeats, sources, reports, deregistration. */
    REGISTRY,
    /** Sync sources: the data server's sync API and every agent's peer port. */
    PEER;

    /** The name inside the token and its signing input: {@code registry} or {@code peer}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** What a token of this audience is good for, for refusals. */
    String purpose() {
      return this == REGISTRY ? "the resource manager" : "sync sources";
    }
  }
}
