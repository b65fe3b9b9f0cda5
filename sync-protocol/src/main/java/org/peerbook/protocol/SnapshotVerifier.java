package org.peerbook.protocol;

import static org.peerbook.protocol.VerificationException.Reason.DUPLICATE_CONTACT;
import static org.peerbook.protocol.VerificationException.Reason.STATE_MISMATCH;

import java.util.HashSet;
import java.util.Set;

/**
 * Checks a snapshot contact by contact as it streams in, against the state digest of its signed
 * head; {@link #finish()} says whether the whole set was exactly the signed book.
 */
public final class SnapshotVerifier {
  private final SignedHead head;
  private final StateDigest digest = StateDigest.empty();
  private final Set<String> ids = new HashSet<>();

  SnapshotVerifier(SignedHead head) {
    this.head = head;
  }

  public void accept(ContactDto contact) {
    if (!ids.add(contact.id())) {
      throw new VerificationException(DUPLICATE_CONTACT, "contact " + contact.id() + " twice");
    }
    digest.add(contact);
  }

  /**
   * @return the state digest of the contacts, which is the signed head's: whoever keeps them can
   *     take it instead of computing it again (a ChaCha20 expansion per contact)
   * @throws VerificationException if the contacts are not the signed book
   */
  public StateDigest finish() {
    if (!digest.digest().equals(head.stateDigest())) {
      throw new VerificationException(
          STATE_MISMATCH,
          "the " + ids.size() + " contacts are not the book at version " + head.version());
    }
    return digest;
  }
}
