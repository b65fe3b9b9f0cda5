package org.peerbook.registry.rest;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.peerbook.limits.control.ClientAddresses;
import org.peerbook.limits.control.RequestRates;
import org.peerbook.protocol.InvalidTokenException;
import org.peerbook.protocol.NodeToken;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.nodes.control.UnknownNodeException;

/**
 * Who a registry request speaks for, and whose rate it spends. A node's rate is charged only once
 * its own token checked out; a request that fails the check is charged to its client address, so
 * nobody spends another node's rate by naming it, and a flood of forged tokens (each a signature to
 * verify) is refused once its address is over {@code peerbook.limits.unauthenticated-*}.
 */
@ApplicationScoped
public class NodeCallers {
  @EJB ResourceManager manager;

  @Inject RequestRates rates;

  @Inject ClientAddresses clients;

  @Inject NodeTokenIssuer tokens;

  /**
   * The request carries {@code nodeId}'s own unrevoked registry token and is within the node's
   * rate.
   *
   * @throws InvalidTokenException without a valid token, or with a revoked one (401)
   * @throws org.peerbook.protocol.serving.NotEntitledException with another node's (403)
   * @throws UnknownNodeException with a revoked token of a node that holds no lease (404: it
   *     registers again)
   */
  public void speaksFor(String nodeId, String authorization, HttpServletRequest client) {
    NodeToken token;
    try {
      token = tokens.requireTokenOf(nodeId, authorization);
    } catch (RuntimeException unauthenticated) {
      refused(client);
      throw unauthenticated;
    }
    if (manager.isRevoked(nodeId, token.expires())) {
      refused(client);
      if (!manager.isEnrolled(nodeId)) {
        // it left or was evicted: as for any node without a lease, it may register again
        throw new UnknownNodeException(nodeId);
      }
      throw new InvalidTokenException(
          "this token of node " + nodeId + " was revoked; the node registered again since");
    }
    rates.admit(nodeId);
  }

  /**
   * The node a valid, unrevoked registry token in the header names; {@code null} without one (a
   * registration proves itself with its credential instead).
   */
  public String provenNode(String authorization) {
    NodeToken token = tokens.provenToken(authorization);
    return token == null || manager.isRevoked(token.nodeId(), token.expires())
        ? null
        : token.nodeId();
  }

  /**
   * Charges a request that failed its credential or token check, or could not be read, to its
   * client address.
   *
   * @throws org.peerbook.limits.control.RateLimitedException if that address is over its rate
   */
  public void refused(HttpServletRequest client) {
    rates.admitUnauthenticated(clients.of(client));
  }
}
