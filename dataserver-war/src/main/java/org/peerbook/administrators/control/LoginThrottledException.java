package org.peerbook.administrators.control;

/**
 * A password that would have to be hashed now cannot be: the client's address failed too often
 * (429), or every hashing slot is busy (503). Refused at once, so that a burst of wrong passwords
 * ties up no request thread.
 */
public class LoginThrottledException extends RuntimeException {
  private final int status;
  private final long retryAfterSeconds;

  public LoginThrottledException(int status, long retryAfterSeconds, String why) {
    super(why);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
