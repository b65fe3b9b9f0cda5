package org.peerbook.protocol.registry;

/**
 * The HTTP binding of the registry API (PROTOCOL.md section 11.3): its paths, relative to the data
 * server's API root ({@code http://host:port/api}), for the resource manager and its clients.
 */
public final class RegistryBinding {
  /** {@code POST} registers; {@code /{id}} with {@code DELETE} deregisters. */
  public static final String NODES = "registry/nodes";

  /** {@code PUT}, under {@code NODES/{id}}. */
  public static final String HEARTBEAT = "heartbeat";

  /** {@code GET}, under {@code NODES/{id}}, query parameters {@code k} and {@code version}. */
  public static final String SOURCES = "sources";

  /** {@code POST}, under {@code NODES/{id}}. */
  public static final String REPORTS = "reports";

  /** {@code GET}, under {@code NODES/{id}}, then {@code /{otherId}}. */
  public static final String PEERS = "peers";

  private RegistryBinding() {}
}
