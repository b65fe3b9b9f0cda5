package org.peerbook.book.control;

/** A CDI event: the book's head moved to {@code version} (observed after the commit). */
public record HeadAdvanced(long version) {}
