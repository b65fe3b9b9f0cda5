package org.peerbook.agent.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The first contacts by name that have a {@linkplain ContactRows#nameTokens name token} starting
 * with a prefix: what a mail client asks while its user types. A prefix few contacts share is read
 * off the word index whole and sorted here (H2's own sort of the same rows took six times as long).
 * A prefix many share (the first letters typed) would make that thousands of rows, or all of them;
 * its first matches by name are instead read in name order off the index of words by initial
 * ({@link StoreSchema#LATER_INITIAL}), in two parts:
 *
 * <ul>
 *   <li>the contacts with a word their name begins with that starts with the prefix: their names
 *       start with the prefix, so they are the words of initial {@code ''} in the names' range of
 *       the prefix, the first of them at its start;
 *   <li>the contacts with a later word (a family name, a given name after a display name) that
 *       starts with it: the words of the prefix's initial, in name order, up to where the first
 *       part has its last one shown.
 * </ul>
 *
 * Either part stops once it has as many as are shown, so a search reads a few rows per contact
 * shown; one that would read more than {@link #MOST_ROWS} (matches spread thinly over the names)
 * reads every match instead. Either way the answer is the same: the first {@code limit} matches by
 * name, then id.
 */
final class NamePrefixSearch {
  /** How many words one part of a search in name order reads at most, per contact shown. */
  static final int MOST_ROWS = 200;

  /** How many matches, per contact shown, make a prefix broad: found in name order. */
  static final int BROAD = 20;

  private static final String WORDS_OF_INITIAL =
      "SELECT name_lc, contact_id, token FROM name_token USE INDEX (name_token_initial)"
          + " WHERE later_initial = ? AND name_lc >= ?";

  private static final String IN_NAME_ORDER =
      " ORDER BY later_initial, name_lc, contact_id LIMIT ?";

  private final StoreReads reads;

  NamePrefixSearch(StoreReads reads) {
    this.reads = reads;
  }

  /** A contact's name and id, as the word index and the name index hold them. */
  private record Named(String name, String id) {}

  private static final Comparator<Named> BY_NAME =
      Comparator.comparing(Named::name).thenComparing(Named::id);

  /**
   * @param prefix lower-cased ({@link ContactRows#lower}) and stripped
   */
  List<byte[]> first(String prefix, int limit) {
    String end = prefix + Character.MAX_VALUE;
    long broad = (long) BROAD * limit;
    String range =
        "SELECT name_lc, contact_id FROM name_token USE INDEX (name_token_token)"
            + " WHERE token >= ? AND token < ?";
    List<Named> matches =
        reads.lookUp(
            range + " LIMIT ?",
            List.of(prefix, end, broad),
            rs -> new Named(rs.getString(1), rs.getString(2)));
    if (matches.size() == broad) {
      Optional<Collection<Named>> first =
          reads.indexed() && !prefix.isEmpty() ? inNameOrder(prefix, end, limit) : Optional.empty();
      if (first.isPresent()) {
        return shown(first.get());
      }
      matches =
          reads.lookUp(
              range, List.of(prefix, end), rs -> new Named(rs.getString(1), rs.getString(2)));
    }
    return shown(firstByName(matches, limit));
  }

  /**
   * The first {@code limit} matches by name, read in name order; empty if a part would have read
   * more than {@link #MOST_ROWS} words per contact shown.
   */
  private Optional<Collection<Named>> inNameOrder(String prefix, String end, int limit) {
    int most = MOST_ROWS * limit;
    Optional<List<Named>> leading =
        matchesInNameOrder("", prefix, prefix, Optional.of(end), limit, most);
    if (leading.isEmpty()) {
      return Optional.empty();
    }
    // a later word's contact after the leading part's last one shown is not shown either
    Optional<String> upTo =
        leading.get().size() == limit
            ? Optional.of(leading.get().get(limit - 1).name())
            : Optional.empty();
    Optional<List<Named>> later =
        matchesInNameOrder(prefix.substring(0, 1), prefix, "", upTo, limit, most);
    if (later.isEmpty()) {
      return Optional.empty();
    }
    TreeSet<Named> first = new TreeSet<>(BY_NAME);
    first.addAll(leading.get());
    first.addAll(later.get());
    return Optional.of(first.stream().limit(limit).toList());
  }

  /**
   * The first {@code limit} contacts, in name order, with a word of {@code initial} that starts
   * with {@code prefix}, among names from {@code from} up to {@code upTo} (if given); empty if that
   * took more than {@code most} words.
   */
  private Optional<List<Named>> matchesInNameOrder(
      String initial, String prefix, String from, Optional<String> upTo, int limit, int most) {
    List<Named> found = new ArrayList<>();
    int[] read = {0};
    List<Object> values = new ArrayList<>(List.of(initial, from));
    upTo.ifPresent(values::add);
    values.add(most + 1);
    reads.scan(
        WORDS_OF_INITIAL + (upTo.isPresent() ? " AND name_lc <= ?" : "") + IN_NAME_ORDER,
        values,
        rs -> {
          read[0]++;
          String id = rs.getString(2);
          // a contact's words come together: one of its words matching is enough
          if (rs.getString(3).startsWith(prefix)
              && (found.isEmpty() || !found.get(found.size() - 1).id().equals(id))) {
            found.add(new Named(rs.getString(1), id));
          }
          return found.size() < limit;
        });
    return found.size() < limit && read[0] > most ? Optional.empty() : Optional.of(found);
  }

  /** The first {@code limit} of {@code matches} by name, then id, each contact once. */
  private static Collection<Named> firstByName(List<Named> matches, int limit) {
    // the first few of thousands: kept as they pass, not all sorted
    TreeSet<Named> first = new TreeSet<>(BY_NAME);
    for (Named match : matches) {
      if (first.size() < limit) {
        first.add(match);
      } else if (BY_NAME.compare(match, first.last()) < 0 && first.add(match)) {
        first.pollLast();
      }
    }
    return first;
  }

  /** The JSON of {@code contacts}, in their order. */
  private List<byte[]> shown(Collection<Named> contacts) {
    if (contacts.isEmpty()) {
      return List.of();
    }
    List<String> ids = contacts.stream().map(Named::id).toList();
    Map<String, byte[]> byId = new LinkedHashMap<>();
    reads.lookUp(
        "SELECT id, json FROM contact WHERE id IN (" + placeholders(ids.size()) + ")",
        ids,
        rs -> byId.put(rs.getString(1), rs.getBytes(2)));
    // a contact deleted since the word index was read is left out
    return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
  }

  private static String placeholders(int count) {
    return String.join(",", Collections.nCopies(count, "?"));
  }
}
