package org.peerbook.agent.store;

import java.util.ArrayList;
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
 * its first matches by name are instead found by walking the contacts in name order on the name
 * index alone ({@link #WALK} rows at most, a fraction of a millisecond), keeping those whose name
 * has a word starting with the prefix, and reading only those shown. Either way the answer is the
 * same: the first {@code limit} matches by name, then id.
 */
final class NamePrefixSearch {
  /** How many contacts a walk in name order reads at most. */
  static final int WALK = 4000;

  // candidates of a walk read beyond the limit: a name can seem to match without a token that does
  // (a prefix running from one name part into the next), and those are left out when checked
  private static final int SLACK = 8;

  private final StoreReads reads;

  NamePrefixSearch(StoreReads reads) {
    this.reads = reads;
  }

  /** A contact's name and id, as the word index and the name index hold them. */
  private record Named(String name, String id) {}

  /** A contact read to be shown: its name and id to order it by, its JSON as the copy keeps it. */
  private record Shown(String name, String id, byte[] json) {}

  private static final Comparator<Shown> BY_NAME =
      Comparator.comparing(Shown::name).thenComparing(Shown::id);

  /**
   * @param prefix lower-cased ({@link ContactRows#lower}) and stripped
   */
  List<byte[]> first(String prefix, int limit) {
    String end = prefix + Character.MAX_VALUE;
    // so many matches that the first few by name lie well within a walk (at twice the
    // density the walk needs), if they are spread over the names as names are
    long broad = 2L * limit * reads.summary().contacts() / WALK + 1;
    String range =
        "SELECT name_lc, contact_id FROM name_token USE INDEX (name_token_token)"
            + " WHERE token >= ? AND token < ?";
    List<Named> matches =
        reads.lookUp(
            range + " LIMIT ?",
            List.of(prefix, end, broad),
            rs -> new Named(rs.getString(1), rs.getString(2)));
    if (matches.size() == broad) {
      // a first letter typed finds its first matches within a few dozen names: a short walk
      // first, and a long one only if the short one met some (else they lie further on, as the
      // numbers after a word many names start with do)
      for (int names = WALK / 8; reads.indexed() && names <= WALK; names *= 8) {
        Walk walked = walk(prefix, limit, names);
        if (walked.answer().isPresent()) {
          return walked.answer().get();
        }
        if (walked.candidates() == 0) {
          break;
        }
      }
      matches =
          reads.lookUp(
              range, List.of(prefix, end), rs -> new Named(rs.getString(1), rs.getString(2)));
    }
    return firstByName(matches, limit);
  }

  /** The first {@code limit} of {@code matches} by name, then id, each contact once. */
  private List<byte[]> firstByName(List<Named> matches, int limit) {
    // the first few of thousands: kept as they pass, not all sorted
    TreeSet<Named> first =
        new TreeSet<>(Comparator.comparing(Named::name).thenComparing(Named::id));
    for (Named match : matches) {
      if (first.size() < limit) {
        first.add(match);
      } else if (first.comparator().compare(match, first.last()) < 0 && first.add(match)) {
        first.pollLast();
      }
    }
    if (first.isEmpty()) {
      return List.of();
    }
    List<String> ids = first.stream().map(Named::id).toList();
    Map<String, byte[]> byId = new LinkedHashMap<>();
    reads.lookUp(
        "SELECT id, json FROM contact WHERE id IN (" + placeholders(ids.size()) + ")",
        ids,
        rs -> byId.put(rs.getString(1), rs.getBytes(2)));
    // a contact deleted since the word index was read is left out
    return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
  }

  /** A walk's answer, if it could tell, and how many names it met that may match. */
  private record Walk(Optional<List<byte[]>> answer, int candidates) {}

  /**
   * The first matches found by walking at most {@code most} names in order; no answer if the walk
   * ended before it could tell (too few of its names match).
   */
  private Walk walk(String prefix, int limit, int most) {
    List<Named> names =
        reads.lookUp(
            "SELECT name_lc, id FROM contact USE INDEX (contact_name_id)"
                + " ORDER BY name_lc, id LIMIT ?",
            List.of(most),
            rs -> new Named(rs.getString(1), rs.getString(2)));
    List<Named> candidates = new ArrayList<>();
    int next = 0;
    // on to the first name after the last candidate's: every contact of that name is a candidate
    for (; next < names.size(); next++) {
      Named contact = names.get(next);
      if (candidates.size() >= limit + SLACK
          && !contact.name().equals(candidates.get(candidates.size() - 1).name())) {
        break;
      }
      if (ContactRows.mayHaveNameTokenStarting(contact.name(), prefix)) {
        candidates.add(contact);
      }
    }
    // every contact's name looked at: what matches among them is the whole answer
    boolean everyName = next == names.size() && names.size() < most;
    if (next == names.size() && !everyName) {
      return new Walk(Optional.empty(), candidates.size());
    }
    List<Shown> shown = new ArrayList<>();
    if (!candidates.isEmpty()) {
      List<String> ids = candidates.stream().map(Named::id).toList();
      reads.lookUp(
          "SELECT name_lc, id, json FROM contact WHERE id IN (" + placeholders(ids.size()) + ")",
          ids,
          rs -> shown.add(new Shown(rs.getString(1), rs.getString(2), rs.getBytes(3))));
    }
    List<Shown> matching =
        shown.stream()
            .filter(
                contact ->
                    ContactRows.nameTokens(StoredJson.contact(contact.json())).stream()
                        .anyMatch(token -> token.startsWith(prefix)))
            .sorted(BY_NAME)
            .toList();
    if (matching.size() < limit && !everyName) {
      // names that only seemed to match took the places of names further on
      return new Walk(Optional.empty(), candidates.size());
    }
    return new Walk(
        Optional.of(matching.stream().limit(limit).map(Shown::json).toList()), candidates.size());
  }

  private static String placeholders(int count) {
    return String.join(",", Collections.nCopies(count, "?"));
  }
}
