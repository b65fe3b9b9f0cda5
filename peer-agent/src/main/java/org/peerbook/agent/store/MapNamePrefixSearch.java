package org.peerbook.agent.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The first contacts by name that have a {@linkplain ContactTexts#nameTokens name word} starting
 * with a prefix: what a mail client asks while its user types. A prefix few words share is read off
 * the word index whole and the first {@code limit} kept as they pass. A prefix many share (the
 * first letters typed) would make that thousands of keys, or all of them; its first matches by name
 * are instead read in name order off the words by initial ({@link
 * SearchIndex#NAME_WORD_BY_INITIAL}), in two parts:
 *
 * <ul>
 *   <li>the contacts with a word their name begins with that starts with the prefix: their names
 *       start with the prefix, so they are the words of initial {@code ""} in the names' range of
 *       the prefix, the first of them at its start;
 *   <li>the contacts with a later word (a family name, a given name after a display name) that
 *       starts with it: the words of the prefix's initial, in name order, up to where the first
 *       part has its last one shown.
 * </ul>
 *
 * Either part stops once it has as many as are shown, so a search reads a few keys per contact
 * shown; one that would read more than {@link #MOST_ROWS} (matches spread thinly over the names)
 * reads every match instead. Either way the answer is the same: the first {@code limit} matches by
 * name, then id.
 */
final class MapNamePrefixSearch {
  /** How many words one part of a search in name order reads at most, per contact shown. */
  static final int MOST_ROWS = 200;

  /** How many matches, per contact shown, make a prefix broad: found in name order. */
  static final int BROAD = 20;

  private MapNamePrefixSearch() {}

  /** A contact's name and id, as the name word keys hold them. */
  record Named(String name, String id) {}

  static final Comparator<Named> BY_NAME =
      Comparator.comparing(Named::name).thenComparing(Named::id);

  /**
   * The ids of the first {@code limit} matches by name, then id.
   *
   * @param prefix lower-cased ({@link ContactTexts#lower}) and stripped
   */
  static List<String> first(CopyMaps.Maps maps, String prefix, int limit) {
    KeyRange words = KeyRange.startingWith(SearchIndex.NAME_WORD, prefix);
    long broad = (long) BROAD * limit;
    List<Named> matches = new ArrayList<>();
    words.each(
        maps,
        key -> {
          matches.add(named(key, 1));
          return matches.size() < broad;
        });
    if (matches.size() == broad && hasWholeInitial(prefix)) {
      Optional<Collection<Named>> inOrder = inNameOrder(maps, prefix, limit);
      if (inOrder.isPresent()) {
        return ids(inOrder.get());
      }
    }
    TreeSet<Named> first = new TreeSet<>(BY_NAME);
    if (matches.size() < broad) {
      matches.forEach(match -> keep(first, match, limit));
    } else {
      // every match, the most of them after the last kept by name already: no Named made of them
      words.each(
          maps,
          key -> {
            String name = KeyRange.part(key, 1);
            if (first.size() < limit || name.compareTo(first.last().name()) <= 0) {
              keep(first, new Named(name, KeyRange.part(key, 2)), limit);
            }
            return true;
          });
    }
    return ids(first);
  }

  /** Adds {@code match} to {@code first} if it is among the first {@code limit} by name so far. */
  static void keep(TreeSet<Named> first, Named match, int limit) {
    // the first few of thousands: kept as they pass, not all sorted
    if (first.size() < limit) {
      first.add(match);
    } else if (BY_NAME.compare(match, first.last()) < 0 && first.add(match)) {
      first.pollLast();
    }
  }

  /**
   * Whether the prefix starts with a whole character, which a later word's initial is: a lone high
   * surrogate is the start of initials it does not equal.
   */
  private static boolean hasWholeInitial(String prefix) {
    return !prefix.isEmpty()
        && !(prefix.length() == 1 && Character.isHighSurrogate(prefix.charAt(0)));
  }

  /**
   * The first {@code limit} matches by name, read in name order: those with a word their name
   * begins with (their names start with the prefix), and those with a later word of the prefix's
   * initial up to the first part's last one shown; empty if a part would have read more than {@link
   * #MOST_ROWS} keys per contact shown.
   */
  private static Optional<Collection<Named>> inNameOrder(
      CopyMaps.Maps maps, String prefix, int limit) {
    int most = MOST_ROWS * limit;
    Optional<List<Named>> leading =
        inNameOrder(maps, "", prefix, prefix, Optional.empty(), limit, most);
    if (leading.isEmpty()) {
      return Optional.empty();
    }
    // a later word's contact after the leading part's last one shown is not shown either
    Optional<String> upTo =
        leading.get().size() == limit
            ? Optional.of(leading.get().get(limit - 1).name())
            : Optional.empty();
    String initial = prefix.substring(0, Character.charCount(prefix.codePointAt(0)));
    Optional<List<Named>> later = inNameOrder(maps, initial, prefix, "", upTo, limit, most);
    if (later.isEmpty()) {
      return Optional.empty();
    }
    TreeSet<Named> first = new TreeSet<>(BY_NAME);
    first.addAll(leading.get());
    first.addAll(later.get());
    return Optional.of(first.stream().limit(limit).toList());
  }

  /**
   * The first {@code limit} contacts, in name order, with a word of {@code initial} in the prefix's
   * range, among names from {@code from} that start with it, up to {@code upTo} (if given); empty
   * if that took more than {@code most} keys.
   */
  private static Optional<List<Named>> inNameOrder(
      CopyMaps.Maps maps,
      String initial,
      String prefix,
      String from,
      Optional<String> upTo,
      int limit,
      int most) {
    KeyRange words = KeyRange.startingWith(SearchIndex.NAME_WORD, prefix);
    String ofInitial = initial + ContactKeys.SEPARATOR;
    Iterator<String> keys =
        maps.index(SearchIndex.NAME_WORD_BY_INITIAL).keyIterator(ofInitial + from);
    List<Named> found = new ArrayList<>();
    int read = 0;
    while (found.size() < limit && keys.hasNext() && read <= most) {
      String key = keys.next();
      Named named = named(key, 1);
      if (!key.startsWith(ofInitial)
          || !named.name().startsWith(from)
          || upTo.isPresent() && named.name().compareTo(upTo.get()) > 0) {
        break;
      }
      read++;
      // a contact's words come together: one of its words in the range is enough
      if (words.holds(KeyRange.part(key, 3))
          && (found.isEmpty() || !found.get(found.size() - 1).id().equals(named.id()))) {
        found.add(named);
      }
    }
    return found.size() < limit && read > most ? Optional.empty() : Optional.of(found);
  }

  /** The name and the id in a key whose name is part {@code namePart}, its id the next. */
  private static Named named(String key, int namePart) {
    return new Named(KeyRange.part(key, namePart), KeyRange.part(key, namePart + 1));
  }

  private static List<String> ids(Collection<Named> contacts) {
    return contacts.stream().map(Named::id).toList();
  }
}
