package org.peerbook.protocol.serving;

/**
 * A source refuses to serve a request: the HTTP status, title and {@code Retry-After} of the
 * refusal travel with it, so that every adapter answers the same refusal the same way.
 */
public class RefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final long retryAfterSeconds;

  /**
   * @param retryAfterSeconds 0 for no {@code Retry-After}
   */
  public RefusedException(int status, String title, String detail, long retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.title = title;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The source serves its most requesters at once; ask again or ask another source. */
  public static RefusedException busy(String detail, long retryAfterSeconds) {
    return new RefusedException(503, "Busy", detail, retryAfterSeconds);
  }

  /** The source cannot serve yet (no token key, no snapshot at the requester's version yet). */
  public static RefusedException notReady(String detail) {
    return new RefusedException(503, "Not ready", detail, 2);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
