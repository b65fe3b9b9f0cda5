package org.peerbook.agent.sync;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * F4: a requester newer than this agent is pulled from, but only at the address the resource
 * manager lists for its node id. A sync request names its requester's address, and the agent shows
 * its peer token to whatever it pulls from: taken as given, that address would let any enrolled
 * node point this agent (and its token and requests) at a third party. The registry's answer is
 * kept briefly, so a burst of requests from one node costs one look-up.
 */
final class RequesterPulls {
  private static final Logger LOG = Logger.getLogger(RequesterPulls.class.getName());
  private static final int MAX_REMEMBERED = 1_024;

  /** Where the resource manager lists a node: empty when it lists none. */
  interface Listing {
    /**
     * @throws RuntimeException when the resource manager cannot say (then nothing is pulled)
     */
    Optional<URI> listedAddress(String nodeId);
  }

  /** Pulls from a node at an address the resource manager lists for it. */
  interface Pull {
    void from(URI address, String nodeId);
  }

  private record Listed(Optional<URI> address, Instant until) {}

  private final Listing listing;
  private final Pull pull;
  private final Supplier<Instant> clock;
  private final Duration remembered;
  private final Map<String, Listed> listed = new ConcurrentHashMap<>();

  /**
   * @param remembered how long a look-up's answer is used again
   */
  RequesterPulls(Listing listing, Pull pull, Supplier<Instant> clock, Duration remembered) {
    this.listing = listing;
    this.pull = pull;
    this.clock = clock;
    this.remembered = remembered;
  }

  /**
   * Pulls from {@code nodeId} if the resource manager lists it at {@code claimedAddress}, from the
   * address it lists; otherwise sends nothing anywhere.
   *
   * @param claimedAddress the address the request named; {@code null} if it named none
   */
  void requesterAhead(String nodeId, String claimedAddress) {
    if (claimedAddress == null) {
      return;
    }
    URI claimed;
    try {
      claimed = URI.create(claimedAddress);
    } catch (IllegalArgumentException e) {
      LOG.info(() -> nodeId + " named an unreadable sync address; not pulling from it");
      return;
    }
    Optional<URI> address;
    try {
      address = listedAddress(nodeId);
    } catch (RuntimeException e) {
      LOG.info(() -> "cannot ask where " + nodeId + " is listed (" + e.getMessage() + ")");
      return;
    }
    if (address.isPresent() && address.get().equals(claimed)) {
      pull.from(address.get(), nodeId);
    } else {
      LOG.warning(
          () ->
              nodeId
                  + " named "
                  + claimedAddress
                  + " as its sync address, but the resource manager lists it "
                  + address.map(URI::toString).map(listedAt -> "at " + listedAt).orElse("nowhere")
                  + ": not pulling from it");
    }
  }

  private Optional<URI> listedAddress(String nodeId) {
    Instant now = clock.get();
    Listed known = listed.get(nodeId);
    if (known != null && now.isBefore(known.until())) {
      return known.address();
    }
    Optional<URI> address = listing.listedAddress(nodeId);
    if (listed.size() >= MAX_REMEMBERED) {
      listed.values().removeIf(entry -> !now.isBefore(entry.until()));
      if (listed.size() >= MAX_REMEMBERED) {
        listed.clear();
      }
    }
    listed.put(nodeId, new Listed(address, now.plus(remembered)));
    return address;
  }
}
