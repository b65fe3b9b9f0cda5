package org.peerbook.agent.store;

/**
 * The file system refused a write of the copy (a full disk, say): the change was not made, and the
 * file still holds the last commit.
 */
public class CopyWriteException extends StoreException {
  private static final long serialVersionUID = 1L;

  public CopyWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
