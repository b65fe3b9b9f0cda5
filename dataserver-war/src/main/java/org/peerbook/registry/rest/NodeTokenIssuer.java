package org.peerbook.registry.rest;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.book.control.SigningKeys;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.InvalidTokenException;
import org.peerbook.protocol.NodeToken;
import org.peerbook.protocol.NodeToken.Audience;
import org.peerbook.protocol.NodeTokens;
import org.peerbook.protocol.registry.LeaseAnswer;
import org.peerbook.protocol.serving.NotEntitledException;
import org.peerbook.protocol.serving.VerifiedTokens;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.tokens.control.TokenKeys;

/**
 * Issues and checks node tokens with the resource manager's {@link TokenKeys token key}: the tokens
 * that registration and heartbeats hand out (one for the registry, one for peers: see {@link
 * NodeTokens}). The key is endorsed by the book key so that agents trust it, and it is kept in the
 * database, so tokens survive a restart; revoked ones stay revoked ({@link
 * org.peerbook.registry.tokens.control.RevocationLog}).
 */
@ApplicationScoped
public class NodeTokenIssuer {
  @EJB SigningKeys bookKeys;
  @EJB TokenKeys tokenKeys;
  @EJB ResourceManager registry;

  @Inject
  @ConfigProperty(name = "peerbook.registry.lease-seconds", defaultValue = "60")
  int leaseSeconds;

  private static final int SWEEP_EVERY = 4096;
  // two tokens a node, a generation or two each: room for a fleet of 100,000 (~300 bytes each)
  private static final int MAX_VERIFIED = 250_000;
  private final VerifiedTokens verified = new VerifiedTokens(MAX_VERIFIED, this::checkInFull);
  private final ConcurrentMap<String, LeaseAnswer.IssuedTokens> recent = new ConcurrentHashMap<>();
  private final AtomicLong issuedSinceSweep = new AtomicLong();
  private KeyPair keys;
  private String endorsement;
  // the resource manager's clock, fixed once it is up: read on every token check, not asked for
  private Clock clock;

  @PostConstruct
  void loadKey() {
    clock = registry.clock();
    keys = tokenKeys.keys();
    endorsement = NodeTokens.endorse(bookKeys.privateKey(), keys.getPublic());
  }

  /**
   * New tokens for a registration: the {@code registry} token for this API, the {@code peer} token
   * the node shows every sync source it reads from (the data server's sync API and other agents),
   * and the token key with its endorsement, so that agents can check each other's tokens.
   */
  public LeaseAnswer.IssuedTokens issueFor(String nodeId) {
    Instant expires = expiry();
    LeaseAnswer.IssuedTokens issued =
        new LeaseAnswer.IssuedTokens(
            issue(nodeId, Audience.REGISTRY, expires),
            issue(nodeId, Audience.PEER, expires),
            expires,
            HeadSignatures.encode(keys.getPublic()),
            endorsement);
    recent.put(nodeId, issued);
    if (issuedSinceSweep.incrementAndGet() % SWEEP_EVERY == 0) {
      Instant now = clock.instant();
      recent.values().removeIf(tokens -> !tokens.expires().isAfter(now));
    }
    return issued;
  }

  /**
   * The tokens a heartbeat carries: those issued last while they have more than a lease to live,
   * new ones after that. Two signatures per heartbeat were most of a heartbeat's cost; a node
   * heartbeats three times a lease, so now every third heartbeat signs, and the tokens an agent
   * holds still outlive its next heartbeat by far.
   */
  public LeaseAnswer.IssuedTokens renewFor(String nodeId) {
    LeaseAnswer.IssuedTokens last = recent.get(nodeId);
    if (last != null && last.expires().isAfter(clock.instant().plusSeconds(leaseSeconds))) {
      return last;
    }
    return issueFor(nodeId);
  }

  /**
   * Valid for two leases: a node renews its tokens with every heartbeat (three per lease). Given
   * and checked by the resource manager's clock (in a cluster, the grid's: every member reads a
   * token's expiry alike); agents check them by that clock too.
   */
  private Instant expiry() {
    // whole seconds, as the token says it
    return clock.instant().plusSeconds(2L * leaseSeconds).truncatedTo(ChronoUnit.SECONDS);
  }

  private String issue(String nodeId, Audience audience, Instant expires) {
    NodeToken content = new NodeToken(nodeId, audience, expires);
    String token = NodeTokens.issue(keys.getPrivate(), content);
    verified.issued(token, content, clock.instant());
    return token;
  }

  /**
   * The node a sync request's {@code Authorization: Bearer} header speaks for, if it carries a
   * valid {@code peer} token of {@code nodeId}.
   *
   * @throws InvalidTokenException if there is no valid peer token in it (401)
   * @throws NotEntitledException if it is another node's (403)
   */
  public NodeToken requirePeerTokenOf(String nodeId, String authorization) {
    return requireTokenOf(nodeId, Audience.PEER, authorization);
  }

  /**
   * The {@code registry} token of {@code nodeId} from an {@code Authorization: Bearer} header.
   *
   * @throws InvalidTokenException if there is no valid registry token in it (401)
   * @throws NotEntitledException if it is another node's (403)
   */
  public NodeToken requireTokenOf(String nodeId, String authorization) {
    return requireTokenOf(nodeId, Audience.REGISTRY, authorization);
  }

  /**
   * {@code token}, unless the node it names left, was evicted or re-issued a credential after it
   * was issued.
   *
   * @throws NotEntitledException if it was revoked (403)
   */
  public NodeToken requireUnrevoked(NodeToken token) {
    if (registry.isRevoked(token.nodeId(), token.expires())) {
      throw new NotEntitledException(
          "this token of node " + token.nodeId() + " was revoked: the node left or was evicted");
    }
    return token;
  }

  private NodeToken requireTokenOf(String nodeId, Audience audience, String authorization) {
    NodeToken token = verify(authorization, audience);
    if (!token.nodeId().equals(nodeId)) {
      throw new NotEntitledException(
          "the token is node " + token.nodeId() + "'s, the request speaks for " + nodeId);
    }
    return token;
  }

  private NodeToken checkInFull(String token, Audience audience, Instant now) {
    return NodeTokens.verify(keys.getPublic(), token, audience, now);
  }

  private NodeToken verify(String authorization, Audience audience) {
    return verified.verify(NodeTokens.fromAuthorization(authorization), audience, clock.instant());
  }

  /**
   * A valid {@code registry} token in the header; {@code null} without one (a peer token proves
   * nothing here: any source it was shown to could replay it).
   */
  public NodeToken provenToken(String authorization) {
    if (authorization == null) {
      return null;
    }
    try {
      return verify(authorization, Audience.REGISTRY);
    } catch (InvalidTokenException e) {
      // an expired token proves nothing, but a node whose lease lapsed needs none
      return null;
    }
  }
}
