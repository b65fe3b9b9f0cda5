/**
 * The PeerBook sync protocol: what every resource node (the data server and every agent) speaks.
 *
 * <h2>Versions and the change log</h2>
 *
 * The book has one global version: {@code 0} for the empty book, {@code +1} per change, without
 * gaps. Change {@code n} is a {@link org.peerbook.protocol.ChangeEntry}: an upsert (the full
 * contact after the change) or a delete (a tombstone, no contact) of one contact.
 *
 * <h2>Hash chain</h2>
 *
 * Every entry carries the hash of its predecessor and its own hash:
 *
 * <pre>
 *   hash(0)  = 64 × "0"                                   (the empty book)
 *   hash(n)  = SHA-256( "peerbook-entry-v1" ‖ bytes(hash(n−1)) ‖ canonical(entry n) )
 * </pre>
 *
 * where {@code canonical(entry)} is the {@link org.peerbook.protocol.CanonicalEncoding} of version,
 * contact id, operation, contact (if any) and time in epoch milliseconds. Hashes travel as 64
 * lower-case hex digits.
 *
 * <h2>State digest</h2>
 *
 * The head also commits to the book's contents: an LtHash16 (1024 lanes of 16 bits, added modulo
 * 2^16) over all live contacts, each expanded from SHA-256 of its canonical encoding by ChaCha20.
 * It is homomorphic, so the data server updates it per change (subtract the old contact, add the
 * new) and a receiver checks a snapshot against it without a per-snapshot signature. See {@link
 * org.peerbook.protocol.StateDigest}.
 *
 * <h2>Signed head</h2>
 *
 * The data server signs {@code canonical("peerbook-head-v1", version, hash, stateDigest)} with
 * Ed25519 once per committed transaction; {@link org.peerbook.protocol.SignedHead} carries the
 * signature (base64). Nodes relay heads and entries verbatim: they can serve data, never forge it.
 *
 * <h2>Sync exchange</h2>
 *
 * A requester sends a {@link org.peerbook.protocol.SyncRequest} (node id, its version, its head
 * hash, a page limit). The source answers one {@link org.peerbook.protocol.SyncAnswer}:
 *
 * <ul>
 *   <li>{@code EQUAL}: same version and hash, nothing to do;
 *   <li>{@code DELTA}: the entries after the requester's version, in order, at most {@code limit}
 *       of them, with the source's signed head; {@code complete} tells whether the page reaches
 *       that head. A receiver applies nothing until the entries it holds chain from its own head to
 *       a signed head ({@link org.peerbook.protocol.SyncVerifier#verifyDelta});
 *   <li>{@code SNAPSHOT}: the whole book at the head's version, when the requester is below the
 *       source's retained log or its hash does not match the chain; checked against the head's
 *       state digest ({@link org.peerbook.protocol.SnapshotVerifier});
 *   <li>{@code REQUESTER_NEWER}: the source is behind the requester and will pull from it instead
 *       (patent step F4). The data server, being the origin, never gives it.
 * </ul>
 *
 * <h2>Wire format</h2>
 *
 * JSON (RFC 8259) read strictly by {@link org.peerbook.protocol.WireJson}: unknown fields, wrong
 * types, out-of-range numbers and over-long strings are refused with a {@link
 * org.peerbook.protocol.MalformedMessageException} naming the field.
 */
package org.peerbook.protocol;
