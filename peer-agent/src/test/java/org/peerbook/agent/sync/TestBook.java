package org.peerbook.agent.sync;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.HashChain;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;

/** A book as the data server would build it: signed heads after every change, a key pair. */
public final class TestBook {
  public final KeyPair keys;
  public final List<ChangeEntry> log = new ArrayList<>();
  public final Map<String, ContactDto> contacts = new TreeMap<>();
  private final List<SignedHead> heads = new ArrayList<>();
  private final StateDigest state = StateDigest.empty();

  public TestBook() {
    try {
      keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    heads.add(HeadSignatures.sign(keys.getPrivate(), 0, Hashes.ZERO, state.digest()));
  }

  public static ContactDto contact(String id, String name) {
    return contact(id, name, id + "@example.com");
  }

  public static ContactDto contact(String id, String name, String email) {
    return new ContactDto(
        id, name, null, null, List.of(email), List.of(), null, "Dept", null, null, null, Map.of());
  }

  public TestBook upsert(ContactDto contact) {
    ContactDto old = contacts.put(contact.id(), contact);
    if (old != null) {
      state.remove(old);
    }
    state.add(contact);
    return append(contact.id(), Operation.UPSERT, contact);
  }

  public TestBook delete(String id) {
    state.remove(contacts.remove(id));
    return append(id, Operation.DELETE, null);
  }

  private TestBook append(String id, Operation operation, ContactDto contact) {
    long version = log.size() + 1L;
    String previous = version == 1 ? Hashes.ZERO : log.get(log.size() - 1).hash();
    ChangeEntry entry =
        HashChain.seal(
            version, id, operation, contact, Instant.EPOCH.plusMillis(version), previous);
    log.add(entry);
    heads.add(HeadSignatures.sign(keys.getPrivate(), version, entry.hash(), state.digest()));
    return this;
  }

  public SignedHead head() {
    return heads.get(heads.size() - 1);
  }

  public SignedHead headAt(long version) {
    return heads.get((int) version);
  }

  public List<ChangeEntry> entries(long after, long upTo) {
    return List.copyOf(log.subList((int) after, (int) upTo));
  }
}
