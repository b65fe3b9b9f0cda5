package org.peerbook.book.control;

/** A requester claims a version the data server never made. */
public class FutureVersionException extends BookException {
  private static final long serialVersionUID = 1L;

  public FutureVersionException(long claimed, long head) {
    super("version " + claimed + " is beyond the data server's head " + head);
  }
}
