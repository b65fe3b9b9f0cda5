/**
 * The PeerBook protocol: what every resource node (the data server and every agent) and the
 * resource manager say to each other, and the code both sides share so that they cannot drift.
 *
 * <p><b>The specification is <a href="doc-files/PROTOCOL.md">{@code doc-files/PROTOCOL.md}</a></b>
 * (Markdown, beside this file): byte-level canonical encoding, the entry hash and the hash chain,
 * the state digest, the signed head, node tokens, the JSON messages, the sync decision and the
 * verification rules, the HTTP binding of the sync and registry APIs, and test vectors (a small
 * book with its encodings, hashes, state digests, a head signed by a fixed test key and a node
 * token). It is written so that a second implementation needs no Java; {@code TestVectorsTest}
 * recomputes every published vector with this package, so the text and the code cannot drift.
 *
 * <h2>Versions, the change log and the hash chain</h2>
 *
 * The book has one global version: {@code 0} for the empty book, {@code +1} per change, without
 * gaps. Change {@code n} is a {@link org.peerbook.protocol.ChangeEntry}: an upsert (the full
 * contact after the change) or a delete (a tombstone) of one contact. {@link
 * org.peerbook.protocol.CanonicalEncoding} gives entries, contacts and heads one byte form; {@link
 * org.peerbook.protocol.HashChain} chains entries: {@code hash(n) = SHA-256("peerbook-entry-v1" ‖
 * hash(n−1) ‖ canonical(entry n))}.
 *
 * <h2>State digest and signed head</h2>
 *
 * {@link org.peerbook.protocol.StateDigest} (LtHash16 over the live contacts, expanded by ChaCha20)
 * lets a receiver check a whole-book snapshot without its history. The data server signs {@code
 * (version, hash, stateDigest)} with Ed25519 ({@link org.peerbook.protocol.HeadSignatures}, {@link
 * org.peerbook.protocol.SignedHead}); nodes relay heads and entries verbatim: they can serve data,
 * never forge it.
 *
 * <h2>Sync exchange</h2>
 *
 * A requester sends a {@link org.peerbook.protocol.SyncRequest}; the source answers one {@link
 * org.peerbook.protocol.SyncAnswer} (EQUAL, DELTA, SNAPSHOT or REQUESTER_NEWER) as {@link
 * org.peerbook.protocol.SyncResponder} decides, the same on the data server and every agent. A
 * snapshot streams ({@link org.peerbook.protocol.StreamingAnswerReader}); a receiver applies
 * nothing before {@link org.peerbook.protocol.SyncVerifier} and {@link
 * org.peerbook.protocol.SnapshotVerifier} accept it. How a source serves the exchange over HTTP
 * (checks, statuses, gzip, serving slots) is {@link org.peerbook.protocol.serving}, shared by the
 * data server and the agents.
 *
 * <h2>Wire format and tokens</h2>
 *
 * JSON read strictly by {@link org.peerbook.protocol.WireJson}, {@link
 * org.peerbook.protocol.AnswerJson}, {@link org.peerbook.protocol.ContactJson} and {@link
 * org.peerbook.protocol.StrictObject}: unknown members, wrong types, out-of-range numbers and
 * over-long texts are refused with a {@link org.peerbook.protocol.MalformedMessageException} naming
 * the member. {@link org.peerbook.protocol.NodeTokens} issues and checks the node tokens every
 * request carries; {@link org.peerbook.protocol.SourceFault} names why a requester reports a
 * source.
 */
package org.peerbook.protocol;
