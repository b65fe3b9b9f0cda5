package org.peerbook.sync.control;

import jakarta.ejb.EJB;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the last built snapshot and hands it to every requester that needs one, until the log no
 * longer reaches back to it or the book has moved too far past it. Building holds the write lock,
 * so a burst of new nodes causes one build, not one each.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SnapshotCache {
  private static final Logger LOG = Logger.getLogger(SnapshotCache.class.getName());

  @EJB SnapshotBuilder builder;

  @Inject
  @ConfigProperty(name = "peerbook.sync.snapshot-max-lag", defaultValue = "10000")
  long maxLag;

  private Snapshot cached;

  /**
   * A snapshot a requester can continue from with a delta.
   *
   * @param headVersion the book's current version
   * @param logFloor the lowest version the log still holds
   */
  @Lock(LockType.WRITE)
  public Snapshot snapshotFor(long headVersion, long logFloor) {
    if (cached == null
        || cached.version() < logFloor - 1
        || headVersion - cached.version() > maxLag) {
      long started = System.nanoTime();
      cached = builder.build();
      LOG.info(
          () ->
              "built snapshot at version "
                  + cached.version()
                  + ": "
                  + cached.contacts()
                  + " contacts, "
                  + cached.gzippedJson().length
                  + " bytes gzipped, in "
                  + (System.nanoTime() - started) / 1_000_000
                  + " ms");
    }
    return cached;
  }
}
