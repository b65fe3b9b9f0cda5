package org.peerbook.protocol;

/**
 * The data server's signed statement "the book at {@code version} ends in {@code hash} and holds
 * the contacts whose digest is {@code stateDigest}".
 *
 * @param hash hash of the entry at {@code version}, hex
 * @param stateDigest {@link StateDigest#digest()} of the book at {@code version}, hex
 * @param signature Ed25519 signature by the data server over {@link CanonicalEncoding#headToSign},
 *     base64
 */
public record SignedHead(long version, String hash, String stateDigest, String signature) {}
