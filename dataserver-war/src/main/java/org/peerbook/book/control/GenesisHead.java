package org.peerbook.book.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.peerbook.book.entity.BookHead;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;

/** Writes the signed head of the empty book (version 0) when the database has none yet. */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "SigningKeys"})
public class GenesisHead {
  @PersistenceContext(unitName = "book")
  EntityManager em;

  @EJB SigningKeys keys;

  @PostConstruct
  void ensure() {
    if (em.find(BookHead.class, BookHead.THE_ONLY_ROW) == null) {
      StateDigest empty = StateDigest.empty();
      SignedHead head = HeadSignatures.sign(keys.privateKey(), 0, Hashes.ZERO, empty.digest());
      em.persist(new BookHead(Hashes.ZERO, empty.toBase64(), head.signature()));
    }
  }
}
