package org.peerbook.registry.rest;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.peerbook.book.control.BookLog;
import org.peerbook.book.control.HeadAdvanced;
import org.peerbook.book.control.SigningKeys;
import org.peerbook.registry.nodes.boundary.ResourceManager;

/**
 * Tells the resource manager where the book's head stands: at start-up, and after every commit that
 * moved it (never before: a rolled-back change must not be announced). At start-up it also hands
 * over the book's public key, with which nodes prove the versions they claim.
 */
@Singleton
@Startup
@DependsOn("GenesisHead")
@Lock(LockType.READ)
public class HeadAnnouncer {
  @EJB ResourceManager manager;
  @EJB BookLog log;
  @EJB SigningKeys keys;

  @PostConstruct
  void announceCurrentHead() {
    manager.trustBookKey(keys.publicKey());
    manager.announceHead(log.headView().head().version());
  }

  public void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) HeadAdvanced head) {
    manager.announceHead(head.version());
  }
}
