package org.peerbook.registry.tokens.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.KeyPair;
import java.util.logging.Logger;
import org.peerbook.book.control.FirstRows;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.registry.tokens.entity.TokenKey;

/**
 * The resource manager's token key pair, made on first start and kept in the database: the tokens
 * agents hold stay valid across a restart, and every cluster member signs and verifies with the
 * same key.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@Lock(LockType.READ)
public class TokenKeys {
  private static final Logger LOG = Logger.getLogger(TokenKeys.class.getName());

  @PersistenceContext(unitName = "book")
  EntityManager em;

  @EJB FirstRows firstRows;

  private KeyPair keys;

  @PostConstruct
  void load() {
    keys = FirstRows.keyPair(em, firstRows, TokenKey.class, TokenKey::new, "the token key");
    LOG.info(() -> "node tokens signed with key " + HeadSignatures.encode(keys.getPublic()));
  }

  public KeyPair keys() {
    return keys;
  }
}
