package org.peerbook.agent.store;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.h2.mvstore.Cursor;
import org.peerbook.agent.store.MapNamePrefixSearch.Named;
import org.peerbook.protocol.ContactDto;

/**
 * The lookups by name prefix, e-mail address, phone number and department, alone or together: the
 * first matches of every criterion given, by name, then id, each contact once. Each criterion is a
 * few ranges of one index's keys ({@link KeyRange}). One that few contacts match gives their ids,
 * which the others are checked against; criteria that all match many are read whole and
 * intersected, and their first contacts by name found by reading the names (or the department) in
 * order. A name prefix alone is {@link MapNamePrefixSearch}, a department alone its range read up
 * to the limit.
 *
 * <p>A copy whose indexes are still being built (a snapshot went live before them) is searched
 * through every contact, slow but the same answer, until the indexes the search reads are done.
 */
final class MapSearch {
  /**
   * How many contacts, per contact shown, criteria that each match many read in name order before
   * their whole sets are intersected instead: each is a contact parsed, where the sets cost a key
   * read per match.
   */
  private static final long IN_ORDER = 4;

  private MapSearch() {}

  /** The JSON of the first {@code limit} matches, as the contact map holds it. */
  static List<byte[]> search(CopyMaps.Maps maps, LocalStore.Search search, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    List<List<KeyRange>> criteria = criteria(search);
    if (!readable(maps, search, criteria)) {
      return json(maps, scan(maps, criteria, limit));
    }
    if (criteria.isEmpty()) {
      return json(maps, inOrder(maps, null, id -> true, limit, Long.MAX_VALUE).orElseThrow());
    }
    if (criteria.size() == 1 && search.namePrefix() != null) {
      return json(maps, MapNamePrefixSearch.first(maps, namePrefix(search), limit));
    }
    KeyRange department = department(search);
    if (criteria.size() == 1 && department != null) {
      return json(maps, inOrder(maps, department, id -> true, limit, Long.MAX_VALUE).orElseThrow());
    }
    long few = (long) MapNamePrefixSearch.BROAD * limit;
    Set<String> matches = null;
    List<List<KeyRange>> unchecked = new ArrayList<>();
    for (List<KeyRange> criterion : criteria) {
      Optional<Set<String>> ids = ids(maps, criterion, few);
      if (ids.isEmpty()) {
        unchecked.add(criterion);
      } else if (matches == null) {
        matches = ids.get();
      } else {
        matches.retainAll(ids.get());
      }
    }
    if (matches == null) {
      // every criterion matches many: most likely many together too, found in name order by
      // reading a few contacts; else their whole sets, intersected
      Optional<List<String>> first =
          inOrder(maps, department, id -> meets(maps, id, criteria), limit, IN_ORDER * limit);
      if (first.isPresent()) {
        return json(maps, first.get());
      }
      unchecked.clear();
      for (List<KeyRange> criterion : criteria) {
        Set<String> ids = ids(maps, criterion, Long.MAX_VALUE).orElseThrow();
        matches = matches == null ? ids : retained(matches, ids);
      }
      if (matches.size() > few) {
        return json(
            maps,
            inOrder(maps, department, matches::contains, limit, Long.MAX_VALUE).orElseThrow());
      }
    }
    return json(maps, firstByName(maps, matches, unchecked, limit));
  }

  /**
   * Whether every index the search reads holds every contact's keys: while a first sync's are
   * built, those done answer from the commit that says so on ({@link MapHead#built}).
   */
  private static boolean readable(
      CopyMaps.Maps maps, LocalStore.Search search, List<List<KeyRange>> criteria) {
    Set<SearchIndex> read = EnumSet.of(SearchIndex.NAME);
    criteria.forEach(criterion -> criterion.forEach(range -> read.add(range.index())));
    if (search.namePrefix() != null) {
      read.add(SearchIndex.NAME_WORD_BY_INITIAL);
    }
    return read.stream().allMatch(index -> MapHead.built(maps.head(), index));
  }

  /** Each criterion given, as the index ranges any of which a contact's key must be in. */
  private static List<List<KeyRange>> criteria(LocalStore.Search search) {
    List<List<KeyRange>> criteria = new ArrayList<>();
    if (search.namePrefix() != null) {
      criteria.add(List.of(KeyRange.startingWith(SearchIndex.NAME_WORD, namePrefix(search))));
    }
    if (search.email() != null) {
      criteria.add(
          List.of(KeyRange.equal(SearchIndex.EMAIL, ContactTexts.lower(search.email().strip()))));
    }
    if (search.phone() != null) {
      // a number's start or its end (Candidates.phoneNumber), never its middle
      Candidates.AnyOf number = (Candidates.AnyOf) Candidates.phoneNumber(search.phone());
      criteria.add(
          number.options().stream()
              .map(option -> KeyRange.ofPhone((Candidates.PhoneDigits) option).orElseThrow())
              .toList());
    }
    if (search.department() != null) {
      criteria.add(List.of(department(search)));
    }
    return criteria;
  }

  private static String namePrefix(LocalStore.Search search) {
    return ContactTexts.lower(search.namePrefix().strip());
  }

  private static KeyRange department(LocalStore.Search search) {
    return search.department() == null
        ? null
        : KeyRange.equal(SearchIndex.DEPARTMENT, ContactTexts.lower(search.department()));
  }

  /** The ids of the contacts with a key in one of the ranges; empty if more than {@code most}. */
  private static Optional<Set<String>> ids(CopyMaps.Maps maps, List<KeyRange> ranges, long most) {
    Set<String> ids = new HashSet<>();
    for (KeyRange range : ranges) {
      boolean all =
          range.eachId(
              maps,
              id -> {
                ids.add(id);
                return ids.size() <= most;
              });
      if (!all) {
        return Optional.empty();
      }
    }
    return Optional.of(ids);
  }

  private static Set<String> retained(Set<String> ids, Set<String> others) {
    ids.retainAll(others);
    return ids;
  }

  /**
   * The first {@code limit} contacts {@code wanted} holds in name order: read off the department's
   * keys, which are in name order within it, or, without one, off the name index. Empty if that
   * took more than {@code most} contacts.
   */
  private static Optional<List<String>> inOrder(
      CopyMaps.Maps maps, KeyRange department, Predicate<String> wanted, int limit, long most) {
    List<String> first = new ArrayList<>();
    long[] read = {0};
    Predicate<String> take =
        id -> {
          if (wanted.test(id)) {
            first.add(id);
          }
          return first.size() < limit && ++read[0] <= most;
        };
    if (department != null) {
      department.eachId(maps, take);
    } else {
      Iterator<String> names = maps.index(SearchIndex.NAME).keyIterator(null);
      while (names.hasNext() && take.test(KeyRange.part(names.next(), 1))) {
        // taken
      }
    }
    return first.size() < limit && read[0] > most ? Optional.empty() : Optional.of(first);
  }

  /** Whether the contact {@code id} meets the criteria, its keys made from it as stored. */
  private static boolean meets(CopyMaps.Maps maps, String id, List<List<KeyRange>> criteria) {
    byte[] json = maps.contacts().get(id);
    return json != null && meets(ContactKeys.of(StoredJson.contact(json)), criteria);
  }

  /**
   * The first {@code limit} of {@code ids} by name, then id, that meet the {@code unchecked}
   * criteria too: each contact read, its name and keys made as the indexes hold them.
   */
  private static List<String> firstByName(
      CopyMaps.Maps maps, Set<String> ids, List<List<KeyRange>> unchecked, int limit) {
    TreeSet<Named> first = new TreeSet<>(MapNamePrefixSearch.BY_NAME);
    for (String id : ids) {
      byte[] json = maps.contacts().get(id);
      if (json != null) {
        ContactDto contact = StoredJson.contact(json);
        if (unchecked.isEmpty() || meets(ContactKeys.of(contact), unchecked)) {
          MapNamePrefixSearch.keep(first, new Named(ContactTexts.name(contact), id), limit);
        }
      }
    }
    return first.stream().map(Named::id).toList();
  }

  /**
   * Every contact checked against the criteria, as the indexes would have found it: for a copy
   * whose indexes are not built yet.
   */
  private static List<String> scan(CopyMaps.Maps maps, List<List<KeyRange>> criteria, int limit) {
    TreeSet<Named> first = new TreeSet<>(MapNamePrefixSearch.BY_NAME);
    Cursor<String, byte[]> contacts = maps.contacts().cursor(null);
    while (contacts.hasNext()) {
      String id = contacts.next();
      ContactDto contact = StoredJson.contact(contacts.getValue());
      if (meets(ContactKeys.of(contact), criteria)) {
        MapNamePrefixSearch.keep(first, new Named(ContactTexts.name(contact), id), limit);
      }
    }
    return first.stream().map(Named::id).toList();
  }

  private static boolean meets(ContactKeys keys, List<List<KeyRange>> criteria) {
    return criteria.stream()
        .allMatch(criterion -> criterion.stream().anyMatch(range -> range.holds(keys)));
  }

  private static List<byte[]> json(CopyMaps.Maps maps, List<String> ids) {
    Map<String, byte[]> contacts = maps.contacts();
    return ids.stream().map(contacts::get).filter(Objects::nonNull).toList();
  }
}
