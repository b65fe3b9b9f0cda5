package org.peerbook.enrollment.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.enrollment.entity.NodeCredential;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.nodes.control.EnrollmentRefusedException;
import org.peerbook.registry.nodes.control.NodeAddresses;

/**
 * Decides whether a registration may proceed, by the configured mode: the deployment's enrollment
 * secret, or the credential an administrator issued for that very node id. Checked at start, so
 * that a mistyped mode stops the deployment.
 */
@Singleton
@Startup
@Lock(LockType.READ)
public class Enrollment {
  static final String DEFAULT_SECRET = "peerbook-dev-enrollment";
  private static final Logger LOG = Logger.getLogger(Enrollment.class.getName());

  @PersistenceContext(unitName = "book")
  EntityManager em;

  @Inject
  @ConfigProperty(name = "peerbook.registry.enrollment", defaultValue = "secret")
  String configuredMode;

  @Inject
  @ConfigProperty(name = "peerbook.registry.enrollment-secret", defaultValue = DEFAULT_SECRET)
  String secret;

  @EJB ResourceManager registry;

  private EnrollmentMode mode;

  @PostConstruct
  void start() {
    mode = EnrollmentMode.parse(configuredMode);
    if (mode == EnrollmentMode.SECRET && DEFAULT_SECRET.equals(secret)) {
      LOG.warning(
          "the enrollment secret is the development default: set peerbook.registry.enrollment-secret");
    }
    LOG.info(() -> "enrollment: " + mode);
  }

  public EnrollmentMode mode() {
    return mode;
  }

  /**
   * Runs in no transaction of its own: it reads at most one row, and every registration calls it.
   *
   * @throws EnrollmentRefusedException without a credential (401) or with a wrong one (403)
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public void check(String nodeId, String credential) {
    if (credential == null || credential.isEmpty()) {
      throw new EnrollmentRefusedException(true);
    }
    boolean accepted =
        switch (mode) {
          case SECRET ->
              MessageDigest.isEqual(
                  credential.getBytes(StandardCharsets.UTF_8),
                  secret.getBytes(StandardCharsets.UTF_8));
          case PER_NODE -> {
            NodeCredential issued = em.find(NodeCredential.class, nodeId);
            yield issued != null && Credentials.matches(credential, issued.credentialHash());
          }
        };
    if (!accepted) {
      throw new EnrollmentRefusedException(false);
    }
  }

  /**
   * A new credential for {@code nodeId}, replacing any earlier one; only its hash is kept. Every
   * token the node holds is revoked and the node, if registered, removed: whoever registered with
   * the earlier credential must come back with the new one.
   */
  @Lock(LockType.WRITE)
  public IssuedCredential issue(String nodeId) {
    NodeAddresses.nodeId(nodeId);
    String credential = Credentials.newCredential();
    long now = registry.clock().millis();
    NodeCredential existing = em.find(NodeCredential.class, nodeId);
    if (existing == null) {
      em.persist(new NodeCredential(nodeId, Credentials.hash(credential), now));
    } else {
      existing.replace(Credentials.hash(credential), now);
    }
    registry.revokeTokens(nodeId);
    return new IssuedCredential(nodeId, credential, Instant.ofEpochMilli(now), existing != null);
  }

  /**
   * New credentials for many nodes at once (a roll-out's machine names), all or none: every id is
   * checked before any is issued, and all are written in this one transaction.
   */
  @Lock(LockType.WRITE)
  public List<IssuedCredential> issueAll(List<String> nodeIds) {
    nodeIds.forEach(NodeAddresses::nodeId);
    return nodeIds.stream().map(this::issue).toList();
  }

  /**
   * @return whether there was a credential to withdraw
   */
  @Lock(LockType.WRITE)
  public boolean withdraw(String nodeId) {
    NodeCredential existing = em.find(NodeCredential.class, nodeId);
    if (existing == null) {
      return false;
    }
    em.remove(existing);
    return true;
  }

  public List<NodeCredential> issued() {
    return em.createQuery("select c from NodeCredential c order by c.nodeId", NodeCredential.class)
        .getResultList();
  }

  /**
   * @param replaced whether it replaced an earlier credential of the node
   */
  public record IssuedCredential(
      String nodeId, String credential, Instant issuedAt, boolean replaced) {}
}
