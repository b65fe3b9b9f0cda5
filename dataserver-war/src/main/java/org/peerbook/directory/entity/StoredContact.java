package org.peerbook.directory.entity;

import org.peerbook.protocol.CanonicalEncoding;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.Hashes;

/**
 * A contact of a source as the book holds it, reduced to what a run compares: a fingerprint of its
 * canonical encoding (a run over 100,000 contacts holds fingerprints, not contacts) and the version
 * that wrote it, so the run's change applies only to the contact it compared against.
 */
public record StoredContact(String id, long version, String fingerprint, String displayName) {

  public static StoredContact of(ContactDto contact, long version) {
    return new StoredContact(contact.id(), version, fingerprint(contact), contact.displayName());
  }

  public static String fingerprint(ContactDto contact) {
    return Hashes.sha256Hex(CanonicalEncoding.contact(contact));
  }
}
