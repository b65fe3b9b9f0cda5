package org.peerbook.protocol.registry;

/**
 * The HTTP binding of the registry API (PROTOCOL.md section 11.3): its paths, relative to the data
 * server's API root ({@code http://host:port/api}), for the resource manager and its clients.
 */
public final class RegistryBinding {
  /** {@code POST} registers; {@code /{id}} with {@code DELETE} deregisters. */
  public static final String NODES = "registry/nodes";

  /** {@code PUT}, under {@code NODES/{id}}, query parameters {@code wait} and {@code since}. */
  public static final String HEARTBEAT = "heartbeat";

  /**
   * Heartbeat: seconds the answer may be held while the head is at or below {@code since}. Sources:
   * seconds the answer may be held while nobody can help the requester yet.
   */
  public static final String WAIT = "wait";

  /** Heartbeat: the head the node knows (default: the version it claims). */
  public static final String SINCE = "since";

  /**
   * The largest {@code wait} read; the resource manager holds a heartbeat at most a third of the
   * lease, a source request at most {@code peerbook.registry.max-sources-wait-seconds}.
   */
  public static final int MAX_WAIT_SECONDS = 3600;

  /**
   * {@code GET}, under {@code NODES/{id}}, query parameters {@code k}, {@code version} and {@code
   * wait}.
   */
  public static final String SOURCES = "sources";

  /** What agents send as a source request's {@code wait}: seconds it may be held. */
  public static final int AGENT_SOURCES_WAIT_SECONDS = 10;

  /** {@code POST}, under {@code NODES/{id}}. */
  public static final String REPORTS = "reports";

  /** {@code GET}, under {@code NODES/{id}}, then {@code /{otherId}}. */
  public static final String PEERS = "peers";

  private RegistryBinding() {}
}
