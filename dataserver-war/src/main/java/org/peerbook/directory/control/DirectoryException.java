package org.peerbook.directory.control;

import jakarta.ejb.ApplicationException;

/**
 * A directory source refuses a request or fails a run. Thrown out of an EJB, it reaches the caller
 * unwrapped.
 */
@ApplicationException(rollback = true, inherited = true)
public abstract class DirectoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected DirectoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
