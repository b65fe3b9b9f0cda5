package org.peerbook.limits.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.protocol.serving.BucketTable;
import org.peerbook.protocol.serving.TokenBucket;

/**
 * Request rates, as token buckets. An authenticated request (valid credential or node token) is
 * charged to its node's bucket, registry and sync requests together; a request that has not proved
 * who it speaks for is charged to its client address, so that nobody can spend another node's rate
 * by naming it. Registrations of nodes the registry does not know are also charged to their client
 * address: an enrollment secret shared by a fleet would otherwise let one client add node ids
 * without end, each with a bucket of its own. A client address is charged as its {@linkplain
 * ClientBlocks block} (an IPv6 /64). Beside its requests, a node's sync answers are counted: whole
 * books, and bytes sent. Each table holds the most recently seen {@value #MAX_KEYS} keys.
 */
@ApplicationScoped
public class RequestRates {
  private static final Logger LOG = Logger.getLogger(RequestRates.class.getName());
  static final int MAX_KEYS = 200_000;

  @Inject
  @ConfigProperty(name = "peerbook.limits.requests-per-second", defaultValue = "20")
  double perSecond;

  @Inject
  @ConfigProperty(name = "peerbook.limits.burst", defaultValue = "100")
  int burst;

  @Inject
  @ConfigProperty(name = "peerbook.limits.unauthenticated-per-second", defaultValue = "20")
  double unauthenticatedPerSecond;

  @Inject
  @ConfigProperty(name = "peerbook.limits.unauthenticated-burst", defaultValue = "100")
  int unauthenticatedBurst;

  // a fleet behind one NAT address enrolls in a burst, then a couple of nodes a second
  @Inject
  @ConfigProperty(name = "peerbook.limits.new-nodes-per-second", defaultValue = "2")
  double newNodesPerSecond;

  @Inject
  @ConfigProperty(name = "peerbook.limits.new-nodes-burst", defaultValue = "200")
  int newNodesBurst;

  // a node needs the whole book on its first sync and when it fell far behind, a few times a day:
  // each snapshot answer a node asks for and never reads holds up to megabytes in the kernel's
  // send buffer after the request thread is done with it
  @Inject
  @ConfigProperty(name = "peerbook.limits.snapshots-per-minute", defaultValue = "2")
  double snapshotsPerMinute;

  @Inject
  @ConfigProperty(name = "peerbook.limits.snapshot-burst", defaultValue = "4")
  int snapshotBurst;

  // what a node that asks and never reads can park in the kernel's send buffers: Payara hands each
  // answer over at once, and the kernel keeps sending it after Payara closed the connection. A
  // first sync of a book of 1,000,000 contacts is about 20 MB; deltas are far smaller
  @Inject
  @ConfigProperty(name = "peerbook.limits.answer-bytes-per-minute", defaultValue = "16777216")
  long answerBytesPerMinute;

  @Inject
  @ConfigProperty(name = "peerbook.limits.answer-bytes-burst", defaultValue = "33554432")
  int answerBytesBurst;

  @Inject ClientBlocks clientBlocks;

  private BucketTable nodes;
  private BucketTable snapshots;
  private BucketTable addresses;
  private BucketTable newNodes;
  private BucketTable answerBytes;

  @PostConstruct
  void check() {
    if (perSecond <= 0
        || burst < 1
        || unauthenticatedPerSecond <= 0
        || unauthenticatedBurst < 1
        || newNodesPerSecond <= 0
        || newNodesBurst < 1
        || snapshotsPerMinute <= 0
        || snapshotBurst < 1
        || answerBytesPerMinute <= 0
        || answerBytesBurst < 1) {
      throw new IllegalStateException(
          "peerbook.limits.requests-per-second, unauthenticated-per-second,"
              + " new-nodes-per-second, snapshots-per-minute and answer-bytes-per-minute must be"
              + " positive, peerbook.limits.burst, unauthenticated-burst, new-nodes-burst,"
              + " snapshot-burst and answer-bytes-burst at least 1");
    }
    nodes = new BucketTable(perSecond, burst, MAX_KEYS);
    addresses = new BucketTable(unauthenticatedPerSecond, unauthenticatedBurst, MAX_KEYS);
    newNodes = new BucketTable(newNodesPerSecond, newNodesBurst, MAX_KEYS);
    snapshots = new BucketTable(snapshotsPerMinute / 60, snapshotBurst, MAX_KEYS);
    answerBytes = new BucketTable(answerBytesPerMinute / 60.0, answerBytesBurst, MAX_KEYS);
  }

  /**
   * Counts one authenticated request of {@code nodeId}.
   *
   * @throws RateLimitedException if the node is over its rate
   */
  public void admit(String nodeId) {
    take(nodes, nodeId, "node " + nodeId, "requests");
  }

  /**
   * Counts one request from {@code clientAddress} that did not prove which node it speaks for
   * (missing or wrong credential or token, or unreadable).
   *
   * @throws RateLimitedException if that address is over its rate
   */
  public void admitUnauthenticated(String clientAddress) {
    String block = clientBlocks.of(clientAddress);
    take(addresses, block, "unauthenticated client " + block, "requests");
  }

  /**
   * Counts one registration from {@code clientAddress} of a node the registry does not know.
   *
   * @throws RateLimitedException if that address is over its rate of new nodes
   */
  public void admitNewNode(String clientAddress) {
    String block = clientBlocks.of(clientAddress);
    take(newNodes, block, "client " + block, "new nodes");
  }

  /**
   * Counts one snapshot answer to {@code nodeId}, beside the request that asked for it.
   *
   * @throws RateLimitedException if the node asked for more snapshots than its rate allows
   */
  public void admitSnapshot(String nodeId) {
    take(snapshots, nodeId, "node " + nodeId, "snapshots");
  }

  /**
   * Lets {@code nodeId} be answered if it has not been sent more bytes than its rate allows. The
   * size of an answer is known only once it was made, so one answer may take a node into debt, and
   * even a book larger than the burst is sent once.
   *
   * @throws RateLimitedException if the node is in debt: until it is paid off
   */
  public void admitAnswer(String nodeId) {
    long now = System.nanoTime();
    TokenBucket bucket = answerBytes.bucket(nodeId, now);
    refuseAfter(bucket.credit(now), bucket, "node " + nodeId, "answer bytes");
  }

  /**
   * Counts {@code bytes} sent to {@code nodeId} in answer to a request {@link #admitAnswer} let in.
   */
  public void chargeAnswer(String nodeId, long bytes) {
    long now = System.nanoTime();
    answerBytes.bucket(nodeId, now).spend(now, bytes);
  }

  private static void take(BucketTable table, String key, String who, String what) {
    long now = System.nanoTime();
    TokenBucket bucket = table.bucket(key, now);
    refuseAfter(bucket.take(now), bucket, who, what);
  }

  private static void refuseAfter(long wait, TokenBucket bucket, String who, String what) {
    if (wait > 0) {
      long seconds = TokenBucket.retryAfterSeconds(wait);
      if (bucket.startsRefusing()) {
        LOG.info(
            () -> who + " is over its rate of " + what + ": refusing with 429 until it slows down");
      }
      throw new RateLimitedException(who, what, seconds);
    }
  }
}
