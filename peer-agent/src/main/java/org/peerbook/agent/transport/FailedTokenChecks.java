package org.peerbook.agent.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.logging.Logger;
import org.peerbook.protocol.serving.AddressBlocks;
import org.peerbook.protocol.serving.BucketTable;
import org.peerbook.protocol.serving.TokenBucket;

/**
 * Sync requests that failed their token check (or could not be read), per client address. Each
 * failed check cost a signature verification, about half a millisecond of CPU with JDK 17's
 * Ed25519, and a request with a forged token costs its sender next to nothing: without a bound, one
 * client could keep an agent's cores busy and its workers' queue full. A client address (an IPv6
 * one's /64) may fail {@link #BURST} checks at once and {@link #PER_SECOND} a second after that, as
 * on the data server by default; beyond, its requests are refused with 429 before their body is
 * read. Peers with good tokens never fail a check, so they are never refused here.
 */
final class FailedTokenChecks {
  static final int BURST = 100;
  static final double PER_SECOND = 20;
  // addresses remembered; a forgotten one starts again with a full bucket
  private static final int MAX_ADDRESSES = 4096;
  private static final Logger LOG = Logger.getLogger(FailedTokenChecks.class.getName());

  private final BucketTable failures = new BucketTable(PER_SECOND, BURST, MAX_ADDRESSES);

  /**
   * Whether a reply with this status means the request failed its token check or was unreadable.
   */
  static boolean isFailedCheck(int status) {
    return status == 400 || status == 401 || status == 403;
  }

  /**
   * @return 0 if requests from {@code client} may be read, else the seconds until one may be
   */
  long refusal(SocketAddress client) {
    String block = block(client);
    long now = System.nanoTime();
    TokenBucket bucket = failures.bucket(block, now);
    long nanos = bucket.credit(now);
    if (nanos == 0) {
      return 0;
    }
    if (bucket.startsRefusing()) {
      LOG.info(() -> "refusing sync requests from " + block + ": too many failed token checks");
    }
    return Math.max(1, (nanos + 999_999_999) / 1_000_000_000);
  }

  /** Counts one failed check of a request from {@code client}. */
  void failed(SocketAddress client) {
    long now = System.nanoTime();
    failures.bucket(block(client), now).spend(now, 1);
  }

  static String block(SocketAddress client) {
    if (client instanceof InetSocketAddress socket && socket.getAddress() != null) {
      InetAddress address = socket.getAddress();
      return AddressBlocks.of(address, AddressBlocks.DEFAULT_IPV6_PREFIX_LENGTH);
    }
    // not an IP connection (none is made today): one bucket for all such
    return String.valueOf(client);
  }
}
