package org.peerbook.agent.store;

/**
 * Entries were to be applied from a version the copy is no longer at: another sync moved it since
 * they were verified. Nothing changed.
 */
public class CopyMovedException extends StoreException {
  private static final long serialVersionUID = 1L;

  public CopyMovedException(long from, long now) {
    super("entries from version " + from + " do not apply to the copy, now at " + now, null);
  }
}
