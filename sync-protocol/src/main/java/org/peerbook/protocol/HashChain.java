package org.peerbook.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Computes entry hashes: {@code SHA-256("peerbook-entry-v1" ‖ previous ‖ canonical(entry))}. */
public final class HashChain {
  private HashChain() {}

  /** The hash {@code entry} must carry, given the hash of its predecessor. */
  public static String hashOf(String previousHash, ChangeEntry entry) {
    MessageDigest digest = Hashes.sha256();
    digest.update(CanonicalEncoding.ENTRY_TAG.getBytes(StandardCharsets.UTF_8));
    digest.update(Hashes.fromHex(previousHash));
    digest.update(CanonicalEncoding.entryContent(entry));
    return Hashes.toHex(digest.digest());
  }

  /** Builds the entry that follows {@code previousHash}, with its hash filled in. */
  public static ChangeEntry seal(
      long version,
      String contactId,
      Operation operation,
      ContactDto contact,
      java.time.Instant time,
      String previousHash) {
    var unsealed =
        new ChangeEntry(version, contactId, operation, contact, time, previousHash, null);
    return new ChangeEntry(
        version, contactId, operation, contact, time, previousHash, hashOf(previousHash, unsealed));
  }
}
