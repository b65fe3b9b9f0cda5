package org.peerbook.limits.control;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.peerbook.protocol.serving.OpenPerKey;

/**
 * Requests that may wait on the database, running now: at most {@code max} in all, so that a
 * database that stalls holds no more request threads than that, and at most a quarter of them from
 * one client (its address's {@linkplain ClientBlocks block}), so that one client sending requests
 * the database is slow to answer cannot take them all from the others. Clients on the server's own
 * machine (loopback) are counted in all only: every program there is one address, and a reverse
 * proxy in front is told apart from its clients only when it is trusted ({@link ClientAddresses}).
 */
public final class DatabaseRequests {
  private final int max;
  private final Semaphore running;
  private final OpenPerKey perClient;

  /**
   * Why a request may not run now: 429 when its client runs its share, 503 when all run.
   *
   * @param status the HTTP status to answer with
   */
  public record Refusal(int status, String detail) {}

  /**
   * @param max how many may run at once, at least 1
   */
  public DatabaseRequests(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("at least one request must be able to run, not " + max);
    }
    this.max = max;
    this.running = new Semaphore(max);
    this.perClient = new OpenPerKey(Math.max(1, max / 4));
  }

  /**
   * Lets one request of {@code client} run, if there is room; {@link #end} must follow when it
   * ends.
   *
   * @param client the client's block; {@code null} for a client on the server's own machine
   * @return empty if it may run, else why not
   */
  public Optional<Refusal> tryStart(String client) {
    if (client != null && !perClient.tryOpen(client)) {
      return Optional.of(
          new Refusal(
              429,
              "client "
                  + client
                  + " already runs "
                  + perClient.perKey()
                  + " requests that use the database, its most at once"));
    }
    if (!running.tryAcquire()) {
      if (client != null) {
        perClient.close(client);
      }
      return Optional.of(
          new Refusal(
              503,
              max
                  + " requests that use the database are running (it may be slow or out of"
                  + " reach)"));
    }
    return Optional.empty();
  }

  /** A request {@link #tryStart} let run has ended. */
  public void end(String client) {
    running.release();
    if (client != null) {
      perClient.close(client);
    }
  }
}
