package org.peerbook.registry.nodes.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;

/**
 * Node tokens that must no longer be accepted: those of a node that deregistered, was evicted or
 * whose credential was issued anew, issued up to that instant. A token carries only its expiry,
 * which is its issue time plus the token lifetime (whole seconds), so a revocation at {@code r} is
 * kept as a cut-off: every token of the node expiring at or before {@code r + lifetime} is revoked,
 * and tokens issued later, after the node registered again, work. The entry is dropped once every
 * token it covers has expired.
 */
public final class Revocations {
  private final Duration tokenLifetime;
  // node id → tokens expiring at or before this instant are revoked
  private final ConcurrentMap<String, Instant> cutoffs = new ConcurrentHashMap<>();
  private volatile BiConsumer<String, Instant> onRevoke = (nodeId, cutoff) -> {};

  /**
   * @param tokenLifetime how long a token lives from its issue (two leases)
   */
  public Revocations(Duration tokenLifetime) {
    this.tokenLifetime = tokenLifetime;
  }

  /** Revokes every token of {@code nodeId} issued up to {@code now}. */
  public void revoke(String nodeId, Instant now) {
    Instant cutoff = cutoffs.merge(nodeId, expiryOfTokenIssuedAt(now), Revocations::later);
    onRevoke.accept(nodeId, cutoff);
  }

  /**
   * Takes back cut-offs kept elsewhere (a database across a restart, another cluster member), so
   * that tokens revoked before stay revoked while they live; {@link #onRevoke} is not told.
   */
  public void restore(Map<String, Instant> kept) {
    kept.forEach((nodeId, cutoff) -> cutoffs.merge(nodeId, cutoff, Revocations::later));
  }

  /** Who is told of every cut-off {@link #revoke} sets, e.g. to keep it across a restart. */
  public void onRevoke(BiConsumer<String, Instant> listener) {
    onRevoke = listener;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** Whether the token of {@code nodeId} that expires at {@code expires} is revoked. */
  public boolean isRevoked(String nodeId, Instant expires) {
    Instant cutoff = cutoffs.get(nodeId);
    return cutoff != null && !expires.isAfter(cutoff);
  }

  /**
   * Whether a token issued to {@code nodeId} now would be born revoked: expiries are whole seconds,
   * so a token issued in the very second of a revocation cannot be told from one issued before it.
   */
  public boolean coversTokensIssuedAt(String nodeId, Instant now) {
    return isRevoked(nodeId, expiryOfTokenIssuedAt(now));
  }

  /** The cut-offs in force, for agents (which check peers' tokens without calling home). */
  public Map<String, Instant> current(Instant now) {
    Map<String, Instant> current = new TreeMap<>();
    cutoffs.forEach(
        (nodeId, cutoff) -> {
          if (cutoff.isAfter(now)) {
            current.put(nodeId, cutoff);
          }
        });
    return current;
  }

  /** Drops the cut-offs whose tokens have all expired. */
  public void sweep(Instant now) {
    cutoffs.values().removeIf(cutoff -> !cutoff.isAfter(now));
  }

  private Instant expiryOfTokenIssuedAt(Instant instant) {
    // as the token issuer writes it: epoch seconds, the fraction dropped
    return Instant.ofEpochSecond(instant.plus(tokenLifetime).getEpochSecond());
  }
}
