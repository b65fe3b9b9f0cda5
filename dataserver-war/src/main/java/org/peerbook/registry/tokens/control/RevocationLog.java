package org.peerbook.registry.tokens.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.peerbook.cluster.RevocationBroadcast;
import org.peerbook.registry.nodes.boundary.ResourceManager;
import org.peerbook.registry.tokens.entity.TokenRevocation;

/**
 * Keeps revoked node tokens in the database. Tokens now survive a restart (the {@link TokenKeys
 * key} does), so a token revoked before the restart must stay revoked after it, as long as it
 * lives: at start-up the registry takes back the cut-offs still in force, and every new one is
 * written in the transaction of the request that set it (leave, eviction, a credential issued anew,
 * reports).
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "TokenKeys"})
public class RevocationLog {
  private static final Logger LOG = Logger.getLogger(RevocationLog.class.getName());

  @PersistenceContext(unitName = "book")
  EntityManager em;

  @EJB ResourceManager registry;

  @Resource SessionContext context;

  @Inject RevocationBroadcast cluster;

  @PostConstruct
  void restore() {
    long now = registry.clock().instant().getEpochSecond();
    em.createQuery("DELETE FROM TokenRevocation r WHERE r.cutoff <= :now")
        .setParameter("now", now)
        .executeUpdate();
    Map<String, Instant> kept = new HashMap<>();
    for (TokenRevocation row :
        em.createQuery("SELECT r FROM TokenRevocation r", TokenRevocation.class).getResultList()) {
      kept.put(row.nodeId(), Instant.ofEpochSecond(row.cutoff()));
    }
    registry.restoreRevocations(kept);
    RevocationLog self = context.getBusinessObject(RevocationLog.class);
    registry.onRevocation(self::keep);
    cluster.listen(registry::restoreRevocations);
    LOG.info(() -> "revoked tokens in force after the restart: " + kept.size() + " nodes");
  }

  /** Writes a cut-off, never moving one back, and tells the other members of a cluster. */
  public void keep(String nodeId, Instant cutoff) {
    cluster.publish(nodeId, cutoff);
    TokenRevocation row = em.find(TokenRevocation.class, nodeId);
    if (row == null) {
      em.persist(new TokenRevocation(nodeId, cutoff.getEpochSecond()));
    } else {
      row.extendTo(cutoff.getEpochSecond());
    }
  }
}
