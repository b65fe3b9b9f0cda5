package org.peerbook.registry.rest;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.book.control.SigningKeys;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.InvalidTokenException;
import org.peerbook.protocol.NodeToken;
import org.peerbook.protocol.NodeTokens;
import org.peerbook.sync.boundary.NotEnrolledException;

/**
 * The resource manager's token key: it signs the node tokens that registration and heartbeats hand
 * out, and it is endorsed by the book key so that agents trust it. It lives as long as the node
 * table, in memory: after a restart every node registers again and gets a token under the new key.
 */
@ApplicationScoped
public class NodeTokenIssuer {
  @EJB SigningKeys bookKeys;

  @Inject
  @ConfigProperty(name = "peerbook.registry.lease-seconds", defaultValue = "60")
  int leaseSeconds;

  private KeyPair keys;
  private String endorsement;

  @PostConstruct
  void createKey() {
    try {
      keys = KeyPairGenerator.getInstance(HeadSignatures.ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Java 15+ runtimes have Ed25519", e);
    }
    endorsement = NodeTokens.endorse(bookKeys.privateKey(), keys.getPublic());
  }

  /**
   * A token for {@code nodeId}, valid for two leases: a node renews it with every heartbeat (three
   * per lease), and the margin absorbs clocks that differ between machines.
   */
  public JsonObject issueFor(String nodeId) {
    Instant expires = Instant.now().plusSeconds(2L * leaseSeconds);
    return Json.createObjectBuilder()
        .add("value", NodeTokens.issue(keys.getPrivate(), new NodeToken(nodeId, expires)))
        .add("expires", expires.toString())
        .add("key", HeadSignatures.encode(keys.getPublic()))
        .add("keyEndorsement", endorsement)
        .build();
  }

  /**
   * The node an {@code Authorization: Bearer} header speaks for.
   *
   * @throws InvalidTokenException if there is no valid token in it
   */
  public NodeToken verify(String authorization) {
    return NodeTokens.verify(
        keys.getPublic(), NodeTokens.fromAuthorization(authorization), Instant.now());
  }

  /**
   * The token of {@code nodeId} from an {@code Authorization: Bearer} header.
   *
   * @throws InvalidTokenException if there is no valid token in it (401)
   * @throws NotEnrolledException if it is another node's (403)
   */
  public NodeToken requireTokenOf(String nodeId, String authorization) {
    NodeToken token = verify(authorization);
    if (!token.nodeId().equals(nodeId)) {
      throw new NotEnrolledException(
          "the token is node " + token.nodeId() + "'s, the request speaks for " + nodeId);
    }
    return token;
  }

  /** The node a valid token in the header names; {@code null} without one. */
  public String provenNode(String authorization) {
    if (authorization == null) {
      return null;
    }
    try {
      return verify(authorization).nodeId();
    } catch (InvalidTokenException e) {
      // an expired token proves nothing, but a node whose lease lapsed needs none
      return null;
    }
  }
}
