package org.peerbook.protocol;

import java.time.Instant;

/**
 * One change of the book, as stored in the change log and relayed verbatim between nodes.
 *
 * @param version the book's version after this change (1 for the first change)
 * @param contact the full contact after an upsert; {@code null} for a delete
 * @param time when the data server recorded the change, in whole milliseconds
 * @param previousHash hash of entry {@code version - 1} ({@link Hashes#ZERO} for version 1)
 * @param hash this entry's hash, see {@link HashChain}
 */
public record ChangeEntry(
    long version,
    String contactId,
    Operation operation,
    ContactDto contact,
    Instant time,
    String previousHash,
    String hash) {}
