package org.peerbook.agent.store;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.h2.mvstore.MVMap;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

/**
 * Where one contact stands in each {@link SearchIndex}: its keys there. A key's parts are joined by
 * U+0000, which sorts before every other character (so a key's first part orders it, then the next)
 * and which no verified text contains (the protocol refuses control characters). A change writes
 * only the keys that differ from the contact's before it ({@link #replace}): a contact moved to
 * another department changes one key, where an SQL UPDATE deletes and inserts every index entry of
 * its row.
 */
final class ContactKeys {
  static final char SEPARATOR = '\0';
  private static final Pattern SEPARATOR_PATTERN = Pattern.compile(String.valueOf(SEPARATOR));

  /** A contact that is not there: no keys. */
  static final ContactKeys NONE = new ContactKeys(new EnumMap<>(SearchIndex.class));

  private final Map<SearchIndex, Set<String>> keys;

  private ContactKeys(Map<SearchIndex, Set<String>> keys) {
    this.keys = keys;
  }

  /** Made from the contact itself, its texts lowered and split by {@link ContactTexts}. */
  static ContactKeys of(ContactDto contact) {
    Map<SearchIndex, Set<String>> keys = new EnumMap<>(SearchIndex.class);
    String id = contact.id();
    String name = ContactTexts.name(contact);
    add(keys, SearchIndex.NAME, name, id);
    for (String word : ContactTexts.nameTokens(contact)) {
      add(keys, SearchIndex.NAME_WORD, word, name, id);
      add(keys, SearchIndex.NAME_WORD_BY_INITIAL, laterInitial(word, name), name, id, word);
    }
    for (String email : ContactTexts.emails(contact)) {
      add(keys, SearchIndex.EMAIL, email, id);
    }
    if (contact.department() != null) {
      add(keys, SearchIndex.DEPARTMENT, ContactTexts.lower(contact.department()), name, id);
    }
    for (PhoneDto phone : contact.phones()) {
      String digits = ContactTexts.digits(phone.number());
      if (!digits.isEmpty()) {
        add(keys, SearchIndex.PHONE, digits, id);
        add(keys, SearchIndex.PHONE_REVERSED, ContactTexts.reversed(digits), id);
      }
    }
    return new ContactKeys(keys);
  }

  /** The contact's keys in {@code index}. */
  Set<String> in(SearchIndex index) {
    return Collections.unmodifiableSet(keys.getOrDefault(index, Set.of()));
  }

  /**
   * Makes the index maps hold this contact's keys instead of {@code before}'s: removes the keys
   * only {@code before} has, adds those only this has, leaves the rest untouched.
   */
  void replace(ContactKeys before, Function<SearchIndex, MVMap<String, String>> indexes) {
    for (SearchIndex index : SearchIndex.values()) {
      Set<String> was = before.keys.getOrDefault(index, Set.of());
      Set<String> is = keys.getOrDefault(index, Set.of());
      if (was.equals(is)) {
        continue;
      }
      MVMap<String, String> map = indexes.apply(index);
      for (String key : was) {
        if (!is.contains(key)) {
          map.remove(key);
        }
      }
      for (String key : is) {
        if (!was.contains(key)) {
          map.put(key, "");
        }
      }
    }
  }

  /** The key's parts, as {@link #of} joined them. */
  static String[] parts(String key) {
    return SEPARATOR_PATTERN.split(key, -1);
  }

  /** The contact id in a key of {@code index}. */
  static String idIn(SearchIndex index, String key) {
    return parts(key)[index.idPart()];
  }

  /**
   * {@code ""} for a word the name begins with (its contacts' names start with what starts the
   * word), else the word's first character: a prefix many share has its first matches by name read
   * where they are ({@link SearchIndex#NAME_WORD_BY_INITIAL}).
   */
  static String laterInitial(String word, String name) {
    return name.startsWith(word) ? "" : word.substring(0, Character.charCount(word.codePointAt(0)));
  }

  private static void add(Map<SearchIndex, Set<String>> keys, SearchIndex index, String... parts) {
    keys.computeIfAbsent(index, i -> new LinkedHashSet<>()).add(String.join("\0", parts));
  }
}
