package org.peerbook.sync.control;

/**
 * A SNAPSHOT answer, ready to send: the whole message as gzip-compressed JSON.
 *
 * @param version the book version the snapshot shows
 */
public record Snapshot(long version, int contacts, byte[] gzippedJson) {}
