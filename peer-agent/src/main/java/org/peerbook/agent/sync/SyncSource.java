package org.peerbook.agent.sync;

import org.peerbook.protocol.AnswerHandler;
import org.peerbook.protocol.SyncRequest;

/** A node that answers sync requests: the data server or a peer. */
public interface SyncSource {

  /**
   * Sends {@code request} and hands the answer to {@code handler} while it is being received, so
   * that a snapshot streams into the copy instead of being held whole.
   *
   * @param budget what is left of this sync: the source charges the bytes it reads and gives up at
   *     its deadline
   * @throws SourceFailedException when the source cannot be reached, refuses, stalls past the
   *     deadline or sends more than the budget allows
   */
  <T> T ask(SyncRequest request, SyncBudget budget, AnswerHandler<T> handler);

  /** How to name it in logs and reports. */
  String describe();
}
