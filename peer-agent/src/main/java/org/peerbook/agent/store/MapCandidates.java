package org.peerbook.agent.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.h2.mvstore.MVMap;

/**
 * {@link Candidates} read off the copy's index maps: the contacts a directory search could match, a
 * superset of them. Prefixes are ranges of keys ({@link KeyRange}); containment (a name's parts, a
 * number's middle) reads every key of the name or phone index, which holds the lower-cased name or
 * the digits, instead of every contact's JSON. A copy whose indexes are still being built narrows
 * nothing: the caller reads every contact.
 */
final class MapCandidates {
  private MapCandidates() {}

  /**
   * The candidates' ids after {@code afterId} ({@code ""}: from the first), sorted, each once;
   * empty when nothing narrows (every contact is one).
   */
  static Optional<List<String>> ids(CopyMaps.Maps maps, Candidates candidates, String afterId) {
    Optional<Candidates> narrowing = narrowing(maps, candidates);
    if (narrowing.isEmpty()) {
      return Optional.empty();
    }
    TreeSet<String> ids = new TreeSet<>();
    each(
        maps,
        narrowing.get(),
        id -> {
          if (id.compareTo(afterId) > 0) {
            ids.add(id);
          }
          return true;
        });
    return Optional.of(List.copyOf(ids));
  }

  /**
   * At most {@code likely} candidates' ids, in the order the indexes hold them, an id maybe more
   * than once: a prefix as typed has thousands of candidates, and the caller shows the first few.
   * Empty when nothing narrows.
   */
  static Optional<List<String>> first(CopyMaps.Maps maps, Candidates candidates, int likely) {
    Optional<Candidates> narrowing = narrowing(maps, candidates);
    if (narrowing.isEmpty()) {
      return Optional.empty();
    }
    List<String> first = new ArrayList<>();
    if (likely > 0) {
      each(
          maps,
          narrowing.get(),
          id -> {
            first.add(id);
            return first.size() < likely;
          });
    }
    return Optional.of(first);
  }

  private static Optional<Candidates> narrowing(CopyMaps.Maps maps, Candidates candidates) {
    if (!MapHead.indexed(maps.head())) {
      return Optional.empty();
    }
    Candidates simple = simplify(candidates);
    return simple instanceof Candidates.All ? Optional.empty() : Optional.of(simple);
  }

  /**
   * Hands the candidates' ids to {@code id} as the indexes yield them until it answers false.
   *
   * @return false if {@code id} stopped it
   */
  private static boolean each(CopyMaps.Maps maps, Candidates candidates, Predicate<String> id) {
    if (candidates instanceof Candidates.AllOf all) {
      // the first condition's ids as they come, kept if every other condition holds them
      List<Set<String>> others = new ArrayList<>();
      for (Candidates condition : all.conditions().subList(1, all.conditions().size())) {
        Set<String> ids = new HashSet<>();
        each(
            maps,
            condition,
            candidate -> {
              ids.add(candidate);
              return true;
            });
        others.add(ids);
      }
      return each(
          maps,
          all.conditions().get(0),
          candidate ->
              !others.stream().allMatch(ids -> ids.contains(candidate)) || id.test(candidate));
    } else if (candidates instanceof Candidates.AnyOf any) {
      for (Candidates option : any.options()) {
        if (!each(maps, option, id)) {
          return false;
        }
      }
      return true;
    } else if (candidates instanceof Candidates.NameWordPrefix p) {
      return nameWords(maps, ContactTexts.words(p.prefix()), id);
    } else if (candidates instanceof Candidates.NameContains c) {
      List<String> words = words(c.parts());
      return eachKey(
          maps.index(SearchIndex.NAME),
          key -> {
            String name = KeyRange.part(key, 0);
            return !words.stream().allMatch(name::contains) || id.test(KeyRange.part(key, 1));
          });
    } else if (candidates instanceof Candidates.EmailEquals e) {
      return KeyRange.equal(SearchIndex.EMAIL, ContactTexts.lower(e.email().strip()))
          .eachId(maps, id);
    } else if (candidates instanceof Candidates.EmailPrefix e) {
      return KeyRange.startingWith(SearchIndex.EMAIL, ContactTexts.lower(e.prefix().strip()))
          .eachId(maps, id);
    } else if (candidates instanceof Candidates.DepartmentPrefix d) {
      return KeyRange.startingWith(
              SearchIndex.DEPARTMENT, ContactTexts.firstWord(d.prefix()).orElseThrow())
          .eachId(maps, id);
    } else if (candidates instanceof Candidates.PhoneDigits p) {
      Optional<KeyRange> range = KeyRange.ofPhone(p);
      if (range.isPresent()) {
        return range.get().eachId(maps, id);
      }
      String digits = ContactTexts.digits(p.digits());
      return eachKey(
          maps.index(SearchIndex.PHONE),
          key -> !KeyRange.part(key, 0).contains(digits) || id.test(KeyRange.part(key, 1)));
    }
    throw new IllegalArgumentException("not a narrowing candidate condition: " + candidates);
  }

  /**
   * A name that starts with these words holds a word starting with the last and every other word
   * whole: "wang w" narrows to the Wangs with a word starting with w, not to every Wang. The last
   * word's range drives (what is typed last narrows most as the user types), each whole word is one
   * key looked up beside it.
   */
  private static boolean nameWords(CopyMaps.Maps maps, List<String> words, Predicate<String> id) {
    MVMap<String, String> nameWords = maps.index(SearchIndex.NAME_WORD);
    List<String> whole = words.subList(0, words.size() - 1);
    return KeyRange.startingWith(SearchIndex.NAME_WORD, words.get(words.size() - 1))
        .each(
            maps,
            key -> {
              // the key without its word: the name and the id
              String named = key.substring(key.indexOf(ContactKeys.SEPARATOR));
              for (String word : whole) {
                if (!nameWords.containsKey(word + named)) {
                  return true;
                }
              }
              return id.test(KeyRange.part(key, SearchIndex.NAME_WORD.idPart()));
            });
  }

  private static boolean eachKey(MVMap<String, String> index, Predicate<String> key) {
    Iterator<String> keys = index.keyIterator(null);
    while (keys.hasNext()) {
      if (!key.test(keys.next())) {
        return false;
      }
    }
    return true;
  }

  /** Drops what does not narrow: an All in an AllOf, and an AnyOf with an All in it. */
  private static Candidates simplify(Candidates candidates) {
    if (candidates instanceof Candidates.AllOf all) {
      List<Candidates> narrowing = new ArrayList<>();
      for (Candidates condition : all.conditions()) {
        Candidates simple = simplify(condition);
        if (!(simple instanceof Candidates.All)) {
          narrowing.add(simple);
        }
      }
      return narrowing.isEmpty()
          ? Candidates.ALL
          : narrowing.size() == 1 ? narrowing.get(0) : new Candidates.AllOf(narrowing);
    }
    if (candidates instanceof Candidates.AnyOf any) {
      List<Candidates> options = new ArrayList<>();
      for (Candidates option : any.options()) {
        Candidates simple = simplify(option);
        if (simple instanceof Candidates.All) {
          return Candidates.ALL;
        }
        options.add(simple);
      }
      return options.size() == 1 ? options.get(0) : new Candidates.AnyOf(options);
    }
    return narrows(candidates) ? candidates : Candidates.ALL;
  }

  /** Whether a leaf has anything to search by. */
  private static boolean narrows(Candidates leaf) {
    if (leaf instanceof Candidates.NameWordPrefix p) {
      return ContactTexts.firstWord(p.prefix()).isPresent();
    } else if (leaf instanceof Candidates.NameContains c) {
      return !words(c.parts()).isEmpty();
    } else if (leaf instanceof Candidates.EmailEquals e) {
      return !e.email().isBlank();
    } else if (leaf instanceof Candidates.EmailPrefix e) {
      return !e.prefix().isBlank();
    } else if (leaf instanceof Candidates.DepartmentPrefix d) {
      return ContactTexts.firstWord(d.prefix()).isPresent();
    } else if (leaf instanceof Candidates.PhoneDigits p) {
      return !ContactTexts.digits(p.digits()).isEmpty();
    }
    return !(leaf instanceof Candidates.All);
  }

  /** The words a name must contain: the parts split at white space, lower-cased. */
  private static List<String> words(List<String> parts) {
    List<String> words = new ArrayList<>();
    for (String part : parts) {
      for (String word : ContactTexts.lower(part).split("\\s+")) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
    }
    return words;
  }
}
