package org.peerbook.agent.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Logger;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.InvalidTokenException;
import org.peerbook.protocol.NodeToken;
import org.peerbook.protocol.NodeTokens;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.registry.LeaseAnswer;
import org.peerbook.protocol.serving.NotEntitledException;
import org.peerbook.protocol.serving.RefusedException;
import org.peerbook.protocol.serving.VerifiedTokens;

/**
 * The agent's node tokens and the resource manager's token key (with which it checks the tokens of
 * peers asking it). All come with each lease; the key counts only if the data server's book key,
 * which the agent trusts, endorsed it. The {@code registry} token goes to the resource manager
 * only; the {@code peer} token goes with every sync request, so a source that keeps it cannot use
 * it to speak for this node to the resource manager.
 */
final class NodeCredentials {
  private static final Logger LOG = Logger.getLogger(NodeCredentials.class.getName());
  private final PublicKey bookKey;
  private final Clock clock;
  private final Path tokenFile;
  private volatile String token;
  private volatile String peerToken = "";
  // the token key and the peer tokens verified with it: a new key starts with none
  private volatile Checking checking;
  // node → its tokens expiring at or before this instant were revoked
  private volatile Map<String, Instant> revoked = Map.of();
  private String written;
  private boolean failing;
  private boolean toldUnprotected;

  /**
   * @param tokenFile where the token outlives the process: a node restarted after a crash proves
   *     with it that it is the node whose lease still runs
   */
  NodeCredentials(PublicKey bookKey, Clock clock, Path tokenFile) {
    this.bookKey = bookKey;
    this.clock = clock;
    this.tokenFile = tokenFile;
    this.token = readToken(tokenFile);
    this.written = token;
  }

  /** Takes the token and token key of a lease just granted or renewed. */
  void accept(LeaseAnswer lease) {
    PublicKey key;
    try {
      key = HeadSignatures.decodePublicKey(lease.tokens().tokenKey());
    } catch (IllegalArgumentException e) {
      LOG.severe("the resource manager sent an unreadable token key; keeping the one we had");
      return;
    }
    if (!NodeTokens.isEndorsed(bookKey, key, lease.tokens().tokenKeyEndorsement())) {
      LOG.severe("the token key is not endorsed by the trusted book key; keeping the one we had");
      return;
    }
    Checking current = checking;
    if (current == null || !current.key().equals(key)) {
      checking = new Checking(key);
    }
    token = lease.tokens().registryToken();
    peerToken = lease.tokens().peerToken();
    revoked = lease.revocations();
    writeToken(lease.tokens().registryToken());
  }

  /**
   * This node's current {@code registry} token, for the resource manager only; empty before its
   * first registration ever. It outlives the process: a node restarted within its lease proves with
   * it that it is the same node.
   */
  String registryToken() {
    return token;
  }

  /**
   * This node's current {@code peer} token, for the sync sources it reads from; empty before this
   * process registered (it is not kept on disk: a source that was shown it may replay it, but only
   * to other sources, and only until it expires).
   */
  String peerToken() {
    return peerToken;
  }

  /**
   * Checks that a peer's request carries a valid {@code peer} token of the node it speaks for.
   *
   * @throws InvalidTokenException if the token is missing, forged or expired
   * @throws NotEntitledException if it is another node's, or an evicted node's
   * @throws RefusedException 503 before this agent registered (it cannot check tokens yet)
   */
  void check(SyncRequest request, String authorization) {
    Checking current = checking;
    if (current == null) {
      throw RefusedException.notReady("not registered yet: cannot check node tokens");
    }
    NodeToken claims =
        current
            .verified()
            .verify(
                NodeTokens.fromAuthorization(authorization),
                NodeToken.Audience.PEER,
                clock.instant());
    Instant cutoff = revoked.get(claims.nodeId());
    if (cutoff != null && !claims.expires().isAfter(cutoff)) {
      throw new NotEntitledException(
          "this token of node "
              + claims.nodeId()
              + " was revoked: the node left, was evicted or got a new credential");
    }
    if (!claims.nodeId().equals(request.nodeId())) {
      throw new NotEntitledException(
          "the token is node "
              + claims.nodeId()
              + "'s, the request speaks for "
              + request.nodeId());
    }
  }

  private static String readToken(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII).strip() : "";
    } catch (IOException e) {
      LOG.warning(() -> "cannot read the node token in " + file + ": " + e.getMessage());
      return "";
    }
  }

  // renewals hand out the same token for a while: it is written once, and a problem with the file
  // is told once, not at every renewal
  private synchronized void writeToken(String value) {
    if (value.equals(written)) {
      return;
    }
    try {
      OwnerOnlyFile.Protection protection = OwnerOnlyFile.write(tokenFile, value);
      if (protection == OwnerOnlyFile.Protection.NONE && !toldUnprotected) {
        toldUnprotected = true;
        LOG.warning(
            () ->
                "the file system of "
                    + tokenFile
                    + " has neither POSIX permissions nor access control lists: the node token"
                    + " there is as readable as its directory; keep the data directory on NTFS or"
                    + " a POSIX file system");
      }
      if (failing) {
        LOG.info(() -> "the node token is kept in " + tokenFile + " again");
      }
      failing = false;
      written = value;
    } catch (IOException | RuntimeException e) {
      // the token still works from memory; only a restart within the lease would need it
      if (!failing) {
        LOG.warning(
            () ->
                "cannot keep the node token in "
                    + tokenFile
                    + " (told once; tried again with each new token): "
                    + e);
      }
      failing = true;
    }
  }

  /**
   * A token key and the peer tokens verified with it. A peer shows the same token with every
   * request for a lease or more, and each verification is about half a millisecond of CPU: a known
   * token is taken from memory (its audience and expiry checked again), so a peer's requests cost
   * one verification a token.
   */
  private record Checking(PublicKey key, VerifiedTokens verified) {
    // peers asking within a token's life; past it, expired ones go, and all if none had
    private static final int MAX_TOKENS = 4096;

    Checking(PublicKey key) {
      this(
          key,
          new VerifiedTokens(
              MAX_TOKENS, (token, audience, now) -> NodeTokens.verify(key, token, audience, now)));
    }
  }
}
