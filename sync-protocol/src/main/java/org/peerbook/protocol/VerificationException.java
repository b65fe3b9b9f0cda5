package org.peerbook.protocol;

/**
 * Relayed data that does not come unchanged from the data server: it must be refused whole, and its
 * source may be reported.
 */
public class VerificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What was wrong, for logs and reports. */
  public enum Reason {
    BAD_SIGNATURE,
    BROKEN_CHAIN,
    TAMPERED_ENTRY,
    VERSION_GAP,
    HEAD_MISMATCH,
    STATE_MISMATCH,
    DUPLICATE_CONTACT,
    ROLLBACK
  }

  private final Reason reason;

  public VerificationException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
