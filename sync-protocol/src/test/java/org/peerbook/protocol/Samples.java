package org.peerbook.protocol;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Sample contacts and a small signed chain, as the data server would make them. */
final class Samples {
  static final Instant T0 = Instant.parse("2026-11-24T10:15:30.123Z");

  private Samples() {}

  static ContactDto alice() {
    return new ContactDto(
        "c-alice",
        "Alice Martin",
        "Alice",
        "Martin",
        List.of("alice@example.com", "a.martin@example.com"),
        List.of(new PhoneDto("work", "+33 1 23 45 67 89"), new PhoneDto("mobile", "+33 6 12")),
        "Example Corp",
        "Research",
        "Engineer",
        "c-bob",
        "Paris 3F",
        new TreeMap<>(Map.of("costCentre", "R-17", "badge", "4711")));
  }

  static ContactDto wang() {
    return new ContactDto(
        "c-wang",
        "王小明",
        "小明",
        "王",
        List.of("wang@example.cn"),
        List.of(),
        "示例公司",
        "研发部",
        null,
        null,
        "北京",
        null);
  }

  static KeyPair keyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A chain of {@code count} upserts (and a delete at every fifth) with its signed head. */
  static Chain chain(KeyPair keys, int count) {
    List<ChangeEntry> entries = new ArrayList<>();
    StateDigest state = StateDigest.empty();
    Map<String, ContactDto> book = new TreeMap<>();
    String previous = Hashes.ZERO;
    for (int v = 1; v <= count; v++) {
      ChangeEntry entry;
      if (v % 5 == 0) {
        String id = "c-" + (v - 1);
        state.remove(book.remove(id));
        entry = HashChain.seal(v, id, Operation.DELETE, null, T0.plusMillis(v), previous);
      } else {
        ContactDto contact = alice().withId("c-" + v);
        book.put(contact.id(), contact);
        state.add(contact);
        entry =
            HashChain.seal(v, contact.id(), Operation.UPSERT, contact, T0.plusMillis(v), previous);
      }
      entries.add(entry);
      previous = entry.hash();
    }
    SignedHead head = HeadSignatures.sign(keys.getPrivate(), count, previous, state.digest());
    return new Chain(List.copyOf(entries), head, List.copyOf(book.values()));
  }

  record Chain(List<ChangeEntry> entries, SignedHead head, List<ContactDto> book) {}
}
