package org.peerbook.feed.control;

import org.peerbook.book.control.BookException;

/**
 * A follower asks for changes the log no longer holds (it was compacted past them): it must read
 * the whole book again rather than miss them.
 */
public class CompactedChangesException extends BookException {
  private static final long serialVersionUID = 1L;

  private final long logFloor;

  public CompactedChangesException(long since, long logFloor) {
    super(
        "the changes after version "
            + since
            + " were compacted away (the log starts at version "
            + logFloor
            + "): read the whole book again (GET /api/contacts/export), then follow the changes"
            + " from the version in its X-Book-Version header");
    this.logFloor = logFloor;
  }

  public long logFloor() {
    return logFloor;
  }
}
