package org.peerbook.agent.transport;

import java.net.InetAddress;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.peerbook.protocol.serving.AddressBlocks;
import org.peerbook.protocol.serving.BucketTable;
import org.peerbook.protocol.serving.TokenBucket;

/**
 * Failed attempts per client address (an IPv6 one's /64): a burst of them, then a rate. A listener
 * asks before it does the costly or guessable part of a request (a signature verified, a password
 * compared) and turns the client away while it is over; a client that never fails is never refused.
 * Addresses are remembered up to a bound; a forgotten one starts again with a full burst.
 */
public final class FailuresPerAddress {
  private static final int MAX_ADDRESSES = 4096;
  private static final Logger LOG = Logger.getLogger(FailuresPerAddress.class.getName());

  private final BucketTable failures;
  private final String what;
  private final LongSupplier nanoTime;

  /**
   * @param what what a refusal turns away, for the log: "sync requests", "binds"
   */
  public FailuresPerAddress(double perSecond, int burst, String what, LongSupplier nanoTime) {
    this.failures = new BucketTable(perSecond, burst, MAX_ADDRESSES);
    this.what = what;
    this.nanoTime = nanoTime;
  }

  /**
   * @return 0 if a request from {@code client} may be tried, else the seconds until one may
   */
  public long refusal(InetAddress client) {
    String block = block(client);
    long now = nanoTime.getAsLong();
    TokenBucket bucket = failures.bucket(block, now);
    long nanos = bucket.untilWhole(now);
    if (nanos == 0) {
      return 0;
    }
    if (bucket.startsRefusing()) {
      LOG.info(() -> "refusing " + what + " from " + block + ": too many failed");
    }
    return TokenBucket.retryAfterSeconds(nanos);
  }

  /** Counts one failed attempt from {@code client}. */
  public void failed(InetAddress client) {
    long now = nanoTime.getAsLong();
    failures.bucket(block(client), now).spend(now, 1);
  }

  /** What a client's failures are counted as: its address, or an IPv6 one's /64. */
  public static String block(InetAddress client) {
    return AddressBlocks.of(client, AddressBlocks.DEFAULT_IPV6_PREFIX_LENGTH);
  }
}
