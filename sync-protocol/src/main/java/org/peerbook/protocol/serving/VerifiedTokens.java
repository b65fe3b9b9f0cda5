package org.peerbook.protocol.serving;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.peerbook.protocol.NodeToken;
import org.peerbook.protocol.NodeToken.Audience;

/**
 * Node tokens this source knows to be genuine: those it issued (the data server) and those whose
 * signature it verified. An Ed25519 verification costs more than the rest of a source request, and
 * a node shows the same token for a lease or more; the same string is the same signature, so a
 * known token is taken from memory, its audience and expiry checked again at every use (a token
 * that fails them goes through the full check, for its error). A token is known from its issue on:
 * before, each node's first request with each new token (one a lease) paid a verification, three
 * quarters of a source request's time with 100,000 nodes.
 */
public final class VerifiedTokens {
  /** The full check of a token not known here: its signature, audience and expiry. */
  public interface FullCheck {
    /**
     * @throws org.peerbook.protocol.InvalidTokenException if the token is not valid
     */
    NodeToken verify(String token, Audience audience, Instant now);
  }

  private final int max;
  private final FullCheck fullCheck;
  private final ConcurrentMap<String, NodeToken> known = new ConcurrentHashMap<>();

  /**
   * @param max the most tokens held: past it, expired ones are dropped, and all if none expired
   */
  public VerifiedTokens(int max, FullCheck fullCheck) {
    this.max = max;
    this.fullCheck = fullCheck;
  }

  /** {@code token}'s content, checked in full only if it is not known here. */
  public NodeToken verify(String token, Audience audience, Instant now) {
    NodeToken seen = known.get(token);
    if (seen != null && seen.audience() == audience && seen.expires().isAfter(now)) {
      return seen;
    }
    NodeToken checked = fullCheck.verify(token, audience, now);
    remember(token, checked, now);
    return checked;
  }

  /** This member signed {@code token} with {@code content} just now. */
  public void issued(String token, NodeToken content, Instant now) {
    remember(token, content, now);
  }

  private void remember(String token, NodeToken content, Instant now) {
    if (known.size() >= max) {
      known.values().removeIf(seen -> !seen.expires().isAfter(now));
      if (known.size() >= max) {
        known.clear();
      }
    }
    known.put(token, content);
  }
}
