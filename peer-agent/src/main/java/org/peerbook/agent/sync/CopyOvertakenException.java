package org.peerbook.agent.sync;

/**
 * Another sync moved the copy while this one ran (a second copy started beside a slow source got
 * there first): what this one received starts where the copy no longer is, so it stops. Not the
 * source's fault: nothing is reported.
 */
public class CopyOvertakenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CopyOvertakenException() {
    super("another sync moved the copy meanwhile", null, false, false);
  }
}
