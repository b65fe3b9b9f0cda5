package org.peerbook.protocol;

/**
 * Why a requester reports a source to the resource manager ({@code POST
 * /api/registry/nodes/{reporter}/reports}, member {@code fault}). Every fault is evidence that the
 * source did not deliver what it was offered for; the resource manager demotes it at once and
 * evicts it on evidence of misconduct from distinct reporters. {@link #BUSY}, {@link #UNREACHABLE}
 * and {@link #TIMEOUT} are not misconduct: an honest node that is popular, stalls or sleeps commits
 * them too, so they demote it but never evict it.
 */
public enum SourceFault {
  /** What it sent failed verification or was malformed: it forged, truncated or garbled data. */
  REFUSED,
  /** No connection could be made, or it broke off. */
  UNREACHABLE,
  /** It did not finish within the requester's deadline (a staller or a slow-drip sender). */
  TIMEOUT,
  /** It answered 503 (or another refusal) every time it was asked. */
  BUSY,
  /** It answered EQUAL or "requester newer" although it was offered as ahead of the requester. */
  NOT_AHEAD,
  /** It answered, but the requester's copy did not move: empty pages, the same answer again. */
  NO_PROGRESS,
  /** It sent more bytes, pages or nesting than any honest answer needs. */
  OVERSIZED;

  /** The fault named on the wire, or {@link #REFUSED} for a report without one (older agents). */
  public static SourceFault named(String name) {
    if (name == null) {
      return REFUSED;
    }
    for (SourceFault fault : values()) {
      if (fault.name().equals(name)) {
        return fault;
      }
    }
    throw new MalformedMessageException(
        "fault", "must be one of " + java.util.Arrays.toString(values()));
  }
}
