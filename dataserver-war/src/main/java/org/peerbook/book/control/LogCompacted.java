package org.peerbook.book.control;

/**
 * A CDI event: the log now starts at {@code logFloor}, below a head at {@code headVersion}; nodes
 * older than the floor need a snapshot (observed after the commit).
 */
public record LogCompacted(long headVersion, long logFloor) {}
