package org.peerbook.it.hostile;

/**
 * The ways a registered node can be hostile. Each one but {@link #SLOWLORIS} claims (and proves,
 * with the genuine signed head anybody can read) the data server's head, so that the registry has
 * every reason to hand it out as a source; then it does not deliver.
 */
public enum Hostility {
  /** Accepts connections and never answers a byte. */
  BLACK_HOLE,
  /** Answers 200 and then drips a valid-looking answer, one byte a second. */
  STALLER,
  /** Answers every request with 503 and Retry-After. */
  BUSY,
  /** Says the requester is newer than itself: "pull from me" is never true of it. */
  NOT_AHEAD,
  /** Sends empty DELTA pages that say "more to come", forever. */
  NO_PROGRESS,
  /**
   * Answers 503 to collect the tokens requesters send, and replays each to the registry as its
   * owner: heartbeat (claiming version 0), report a peer, deregister.
   */
  HARVESTER,
  /**
   * Registers at version 0, asks for sources, and holds many connections to each source it is given
   * open, trickling one byte now and then.
   */
  SLOWLORIS
}
