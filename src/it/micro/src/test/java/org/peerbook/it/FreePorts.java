package org.peerbook.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the servers the tests start, each handed out once per run, from below the range the
 * kernel draws ephemeral ports from (32768 and up on Linux). A port the kernel found free for a
 * moment ({@code new ServerSocket(0)}) is in that range: before the server that was to listen there
 * starts, the kernel may give it to an outgoing connection (a grid member's, a database
 * connection's) or hand it out again, and the server fails with "Address already in use" (seen:
 * ClusterIT, a member's HTTP port taken by another member's grid).
 */
final class FreePorts {
  private static final int FIRST = 20_000;
  private static final int LAST = 32_000;

  // a random start, so that two runs on one machine seldom try the same ports
  private static int next = FIRST + ThreadLocalRandom.current().nextInt(LAST - FIRST);

  private FreePorts() {}

  /** A port nothing listens on now, never handed out before in this run. */
  static synchronized int next() {
    for (int tried = 0; tried < LAST - FIRST; tried++) {
      int port = next;
      next = port + 1 > LAST ? FIRST : port + 1;
      if (isFree(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
  }

  /** Free on every address: a bind to the wildcard fails if any one address has it. */
  private static boolean isFree(int port) {
    try (ServerSocket any = new ServerSocket(port)) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
