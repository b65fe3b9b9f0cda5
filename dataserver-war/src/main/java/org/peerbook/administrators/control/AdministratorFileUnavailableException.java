package org.peerbook.administrators.control;

/**
 * The administrators file cannot be read now (gone, unreadable, or broken by an edit): nobody it
 * lists can sign in until it is restored. The server answers 503 saying so.
 */
public class AdministratorFileUnavailableException extends RuntimeException {
  /** How long a client should wait before it asks again: a deployer is at work. */
  public static final int RETRY_AFTER_SECONDS = 30;

  public AdministratorFileUnavailableException(String why, Throwable cause) {
    super(why, cause);
  }
}
