package org.peerbook.agent.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.PhoneDto;

/** Copies in the map layout for the search tests, and a generated book of many kinds of names. */
final class MapBook {
  private static final String[] GIVEN = {
    "Anna",
    "Ann",
    "Anne-Marie",
    "Bert",
    "Carl",
    "Cara",
    "Dora",
    "Émile",
    "Åsa",
    "Zoë",
    "王",
    "张",
    "Анна",
    "Борис",
    "Γιάννης",
    "Ōta",
    "Ida",
    "İlker"
  };
  private static final String[] FAMILY = {
    "Andersen",
    "Berg",
    "Castro",
    "Dahl",
    "Ek",
    "Öberg",
    "伟",
    "芳",
    "Иванов",
    "Παπαδόπουλος",
    "van der Berg",
    "O'Neil",
    "Anand",
    null
  };
  private static final String[] DEPARTMENTS = {
    "Sales", "SALES", "Sales EMEA", "Research", "研发", "Music", "Strings", null
  };

  private MapBook() {}

  /** A new copy holding {@code contacts} and each one's keys, in one commit. */
  static CopyMaps filled(Path file, Collection<ContactDto> contacts) {
    return filled(file, contacts, 4);
  }

  static CopyMaps filled(Path file, Collection<ContactDto> contacts, int cacheMib) {
    CopyMaps maps = CopyMaps.open(file, cacheMib);
    for (ContactDto contact : contacts) {
      maps.written()
          .contacts()
          .put(contact.id(), StoredJson.bytes(ContactJson.toJson(contact).toString()));
      ContactKeys.of(contact).replace(ContactKeys.NONE, maps.written()::index);
    }
    maps.commit();
    return maps;
  }

  /**
   * Makes the copy one whose indexes are not built yet, as a snapshot that went live before them
   * leaves it: its index maps empty, its head saying so.
   */
  static void unindexed(CopyMaps maps) {
    maps.written().indexes().values().forEach(Map::clear);
    MapHead.indexing(maps.written().head(), true);
    maps.commit();
  }

  /**
   * {@code count} contacts of names in several scripts, of one to four words, some without a given
   * or family name, in shared departments, with addresses and numbers in national, international
   * and extension form: always the same for the same count.
   */
  static List<ContactDto> generated(int count) {
    Random random = new Random(count);
    List<ContactDto> contacts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String given = GIVEN[random.nextInt(GIVEN.length)];
      String family = FAMILY[random.nextInt(FAMILY.length)];
      String display =
          switch (random.nextInt(4)) {
            case 0 -> given + (family == null ? "" : " " + family);
            case 1 -> (family == null ? "" : family + ", ") + given;
            case 2 -> "Dr. " + given + " " + i;
            default -> given + " " + (char) ('a' + random.nextInt(26)) + i % 97;
          };
      List<PhoneDto> phones = new ArrayList<>();
      for (int p = random.nextInt(3); p > 0; p--) {
        String subscriber = String.format("%04d", random.nextInt(10_000));
        phones.add(
            new PhoneDto(
                "work",
                switch (random.nextInt(4)) {
                  case 0 -> "+41 22 555 " + subscriber;
                  case 1 -> "022 555 " + subscriber;
                  case 2 -> "+49 (30) 12-" + subscriber;
                  default -> subscriber.substring(1);
                }));
      }
      List<String> emails =
          random.nextInt(5) == 0
              ? List.of()
              : List.of(display.replaceAll("[^A-Za-z]", "").toLowerCase() + i + "@Example.com");
      String id = String.format("c%05d", random.nextInt(100_000)) + "-" + i;
      contacts.add(
          new ContactDto(
              id,
              display,
              random.nextBoolean() ? given : null,
              random.nextBoolean() ? family : null,
              emails,
              phones,
              null,
              DEPARTMENTS[random.nextInt(DEPARTMENTS.length)],
              null,
              null,
              null,
              Map.of()));
    }
    return contacts;
  }

  static ContactDto contact(
      String id, String name, String email, String department, String... phones) {
    return new ContactDto(
        id,
        name,
        null,
        null,
        email == null ? List.of() : List.of(email),
        java.util.Arrays.stream(phones).map(number -> new PhoneDto("work", number)).toList(),
        null,
        department,
        null,
        null,
        null,
        Map.of());
  }

  static ContactDto person(String id, String display, String given, String family) {
    return new ContactDto(
        id, display, given, family, List.of(), List.of(), null, null, null, null, null, Map.of());
  }
}
