package org.peerbook.agent.store;

import java.util.Iterator;
import java.util.Optional;
import java.util.function.Predicate;
import org.h2.mvstore.MVMap;

/**
 * The keys of one {@link SearchIndex} whose first part is a text, or starts with it: what a search
 * criterion or a candidate condition reads. "Starts with" is a range of the index's order ({@code
 * >= text AND < text + U+FFFF}), as the SQL copy before asked it, not {@link String#startsWith}:
 * the same answers as then, even for the texts where the two differ.
 *
 * @param prefix whether the first part starts with {@code text} rather than equals it
 */
record KeyRange(SearchIndex index, String text, boolean prefix) {

  static KeyRange equal(SearchIndex index, String text) {
    return new KeyRange(index, text, false);
  }

  static KeyRange startingWith(SearchIndex index, String text) {
    return new KeyRange(index, text, true);
  }

  /**
   * The numbers a {@link Candidates.PhoneDigits} asks for; empty for digits inside a number, which
   * no range holds.
   */
  static Optional<KeyRange> ofPhone(Candidates.PhoneDigits phone) {
    String digits = ContactTexts.digits(phone.digits());
    if (phone.atStart() && phone.atEnd()) {
      return Optional.of(equal(SearchIndex.PHONE, digits));
    } else if (phone.atStart()) {
      return Optional.of(startingWith(SearchIndex.PHONE, digits));
    } else if (phone.atEnd()) {
      return Optional.of(startingWith(SearchIndex.PHONE_REVERSED, ContactTexts.reversed(digits)));
    }
    return Optional.empty();
  }

  /** Whether a key's first part is in the range. */
  boolean holds(String first) {
    return prefix
        ? first.compareTo(text) >= 0 && first.compareTo(text + Character.MAX_VALUE) < 0
        : first.equals(text);
  }

  /** Whether one of a contact's keys is in the range: what the index would find of it. */
  boolean holds(ContactKeys keys) {
    for (String key : keys.in(index)) {
      if (holds(part(key, 0))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Hands each key in the range to {@code key}, in the index's order, until it answers false.
   *
   * @return false if {@code key} stopped it
   */
  boolean each(CopyMaps.Maps maps, Predicate<String> key) {
    MVMap<String, String> map = maps.index(index);
    // a text's keys begin with it and U+0000 and come together; a prefix's run up to its range's
    // end, past which no key's first part can be in the range
    String from = prefix ? text : text + ContactKeys.SEPARATOR;
    String end = text + Character.MAX_VALUE;
    Iterator<String> keys = map.keyIterator(from);
    while (keys.hasNext()) {
      String next = keys.next();
      if (prefix ? next.compareTo(end) >= 0 : !next.startsWith(from)) {
        return true;
      }
      if (holds(part(next, 0)) && !key.test(next)) {
        return false;
      }
    }
    return true;
  }

  /** As {@link #each}, with the contact id of each key. */
  boolean eachId(CopyMaps.Maps maps, Predicate<String> id) {
    return each(maps, key -> id.test(part(key, index.idPart())));
  }

  /**
   * Part {@code n} of a key, as {@link ContactKeys#parts} splits it, without a pattern: broad
   * searches take this for every key of a range.
   */
  static String part(String key, int n) {
    int start = 0;
    for (int i = 0; i < n; i++) {
      start = key.indexOf(ContactKeys.SEPARATOR, start) + 1;
    }
    int end = key.indexOf(ContactKeys.SEPARATOR, start);
    return end < 0 ? key.substring(start) : key.substring(start, end);
  }
}
