package org.peerbook.protocol;

/** What a change log entry does to its contact. */
public enum Operation {
  /** Creates or replaces the contact; the entry carries the full contact after the change. */
  UPSERT,
  /** Removes the contact; the entry is a tombstone without contact. */
  DELETE
}
