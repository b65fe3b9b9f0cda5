package org.peerbook.protocol;

import java.util.Iterator;

/**
 * What the receiver of a sync answer does with it. A snapshot comes as an iterator over contacts
 * still being read from the wire, so that nobody has to hold a whole book in memory; it is valid
 * only during the call.
 *
 * @param <T> what handling an answer yields
 */
public interface AnswerHandler<T> {

  /** An EQUAL, DELTA or REQUESTER_NEWER answer, or a snapshot that was read whole. */
  T answer(SyncAnswer answer);

  /**
   * A SNAPSHOT answer. Reading {@code contacts} to its end also checks that the message ends well;
   * it throws {@link MalformedMessageException} where it does not.
   */
  T snapshot(SignedHead head, Iterator<ContactDto> contacts);
}
