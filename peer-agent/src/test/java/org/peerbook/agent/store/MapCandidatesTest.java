package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerbook.protocol.ContactDto;

/**
 * The map layout narrows directory searches as the SQL layout does (CandidatesTest's cases), and to
 * the same ids as a check of every contact here, over a generated book.
 */
class MapCandidatesTest {
  @TempDir Path dir;
  private final List<ContactDto> book = new ArrayList<>();
  private CopyMaps maps;

  @BeforeEach
  void fill() {
    book.add(
        MapBook.contact("carl", "Carl  Cello", "carl@example.com", "Music", "+41 (22) 555-0100"));
    book.add(
        MapBook.contact("marcel", "Marcel Dupont", "m.dupont@example.fr", "Sales EMEA", "0123"));
    book.add(MapBook.contact("zhang", "张伟", "zhang.wei@example.cn", "研发", "+86 10 1234 5678"));
    for (int i = 0; i < 7; i++) {
      book.add(MapBook.contact("p" + i, "Person " + i, "p" + i + "@x.org", "Bulk", "99" + i));
    }
    maps = MapBook.filled(dir.resolve("c.mvstore"), book);
  }

  @AfterEach
  void close() {
    maps.close();
  }

  @Test
  void findsNameWordPrefixesThroughTheWordIndex() {
    assertThat(ids(new Candidates.NameWordPrefix("Cel"))).contains(List.of("carl"));
    assertThat(ids(new Candidates.NameWordPrefix("carl cello"))).contains(List.of("carl"));
    assertThat(ids(new Candidates.NameWordPrefix("person 3")))
        .as("every word narrows, not the first alone")
        .contains(List.of("p3"));
    assertThat(ids(new Candidates.NameWordPrefix("person")))
        .contains(List.of("p0", "p1", "p2", "p3", "p4", "p5", "p6"));
    assertThat(
            ids(
                new Candidates.AnyOf(
                    List.of(
                        new Candidates.NameWordPrefix("person 3"),
                        new Candidates.EmailPrefix("carl")))))
        .contains(List.of("carl", "p3"));
    assertThat(ids(new Candidates.NameWordPrefix("张"))).contains(List.of("zhang"));
    assertThat(ids(new Candidates.NameWordPrefix("  "))).as("nothing narrows").isEmpty();
  }

  @Test
  void findsContainedPartsWhateverTheSpacesBetweenThem() {
    assertThat(ids(new Candidates.NameContains(List.of("cel"))))
        .contains(List.of("carl", "marcel"));
    assertThat(ids(new Candidates.NameContains(List.of("carl cello")))).contains(List.of("carl"));
    assertThat(ids(new Candidates.NameContains(List.of("o"))))
        .contains(
            book.stream().map(ContactDto::id).filter(id -> !id.equals("zhang")).sorted().toList());
  }

  @Test
  void findsAddressesDepartmentsAndPhones() {
    assertThat(ids(new Candidates.EmailEquals("CARL@example.com"))).contains(List.of("carl"));
    assertThat(ids(new Candidates.EmailPrefix("m.du"))).contains(List.of("marcel"));
    assertThat(ids(new Candidates.DepartmentPrefix("sales emea"))).contains(List.of("marcel"));
    assertThat(ids(new Candidates.PhoneDigits("555-0100", false, true))).contains(List.of("carl"));
    assertThat(ids(new Candidates.PhoneDigits("555", true, false))).contains(List.of());
    assertThat(ids(new Candidates.PhoneDigits("555", false, false)))
        .as("a number's middle")
        .contains(List.of("carl"));
    assertThat(ids(new Candidates.PhoneDigits("+41225550100", true, true)))
        .contains(List.of("carl"));
  }

  @Test
  void combinesConditionsAndOptions() {
    var cel = new Candidates.NameContains(List.of("cel"));
    var music = new Candidates.DepartmentPrefix("music");
    var zhang = new Candidates.EmailPrefix("zhang");

    assertThat(ids(new Candidates.AllOf(List.of(cel, music)))).contains(List.of("carl"));
    assertThat(ids(new Candidates.AnyOf(List.of(music, zhang)))).contains(List.of("carl", "zhang"));
    assertThat(ids(new Candidates.AnyOf(List.of(music, Candidates.ALL)))).isEmpty();
    assertThat(ids(new Candidates.AllOf(List.of(Candidates.ALL, zhang))))
        .contains(List.of("zhang"));
    assertThat(ids(Candidates.ALL)).isEmpty();
    assertThat(first(Candidates.ALL, 5)).isEmpty();
  }

  @Test
  void continuesAfterAnIdAsAPagedSearchGoesOn() {
    try (CopyMaps.View view = maps.view()) {
      assertThat(MapCandidates.ids(view.maps(), new Candidates.NameWordPrefix("person"), "p4"))
          .contains(List.of("p5", "p6"));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 13, 100})
  void theFirstCandidatesAreAtMostAsManyAsAskedAndAllOfThemWhenFewer(int likely) {
    // each person is a candidate three times: by its two name words in the range ("person",
    // "person 3") and by its address
    var typed =
        new Candidates.AnyOf(
            List.of(new Candidates.NameWordPrefix("person"), new Candidates.EmailPrefix("p")));
    List<String> first = first(typed, likely).orElseThrow();

    assertThat(first)
        .hasSize(Math.min(likely, 21))
        .isSubsetOf("p0", "p1", "p2", "p3", "p4", "p5", "p6");
    if (likely > 21) {
      assertThat(new TreeSet<>(first)).containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6");
    }
    assertThat(first(new Candidates.EmailPrefix("nobody"), likely)).contains(List.of());
  }

  @Test
  void aCopyWhoseIndexesAreNotBuiltNarrowsNothing() {
    MapBook.unindexed(maps);

    assertThat(ids(new Candidates.NameWordPrefix("Cel"))).isEmpty();
    assertThat(first(new Candidates.EmailEquals("carl@example.com"), 10)).isEmpty();
  }

  @Test
  void generatedConditionsFindWhatACheckOfEveryContactFinds(@TempDir Path other) {
    List<ContactDto> generated = MapBook.generated(3000);
    try (CopyMaps copy = MapBook.filled(other.resolve("c.mvstore"), generated);
        CopyMaps.View view = copy.view()) {
      Random random = new Random(11);
      for (int i = 0; i < 300; i++) {
        Candidates candidates = generatedCondition(random, generated, 2);
        Set<String> expected = new TreeSet<>();
        generated.stream()
            .filter(contact -> Oracle.holds(candidates, contact))
            .forEach(contact -> expected.add(contact.id()));
        String after = i % 3 == 0 ? "" : generated.get(random.nextInt(generated.size())).id();

        List<String> ids =
            MapCandidates.ids(view.maps(), candidates, after)
                .orElseGet(() -> allIds(generated, after));
        assertThat(ids)
            .as("%s after %s", candidates, after)
            .containsExactlyElementsOf(
                expected.stream().filter(id -> id.compareTo(after) > 0).toList());

        int likely = 1 + random.nextInt(60);
        Optional<List<String>> first = MapCandidates.first(view.maps(), candidates, likely);
        if (first.isPresent()) {
          assertThat(first.get()).as("%s", candidates).hasSizeLessThanOrEqualTo(likely);
          assertThat(expected).as("%s", candidates).containsAll(first.get());
          if (first.get().size() < likely) {
            assertThat(new TreeSet<>(first.get())).as("%s", candidates).isEqualTo(expected);
          }
        }
      }
    }
  }

  /** What the caller pages through when nothing narrows. */
  private static List<String> allIds(List<ContactDto> contacts, String after) {
    return contacts.stream()
        .map(ContactDto::id)
        .filter(id -> id.compareTo(after) > 0)
        .sorted()
        .toList();
  }

  private static Candidates generatedCondition(Random random, List<ContactDto> book, int depth) {
    ContactDto contact = book.get(random.nextInt(book.size()));
    String name = ContactTexts.name(contact);
    int kind = random.nextInt(depth > 0 ? 9 : 7);
    return switch (kind) {
      case 0 -> new Candidates.NameWordPrefix(cut(random, contact.displayName()));
      case 1 ->
          new Candidates.NameContains(
              List.of(cut(random, name.substring(random.nextInt(name.length())))));
      case 2 ->
          new Candidates.EmailEquals(contact.emails().isEmpty() ? " " : contact.emails().get(0));
      case 3 ->
          new Candidates.EmailPrefix(
              cut(random, contact.emails().isEmpty() ? "x" : contact.emails().get(0)));
      case 4 ->
          new Candidates.DepartmentPrefix(
              cut(random, contact.department() == null ? "s" : contact.department()));
      case 5, 6 -> {
        String number = contact.phones().isEmpty() ? "0" : contact.phones().get(0).number();
        int from = kind == 5 ? 0 : random.nextInt(number.length());
        yield new Candidates.PhoneDigits(
            number.substring(from, from + 1 + random.nextInt(number.length() - from)),
            random.nextBoolean(),
            random.nextBoolean());
      }
      case 7 ->
          new Candidates.AnyOf(
              List.of(
                  generatedCondition(random, book, depth - 1),
                  generatedCondition(random, book, depth - 1)));
      default ->
          new Candidates.AllOf(
              List.of(
                  generatedCondition(random, book, depth - 1),
                  generatedCondition(random, book, depth - 1)));
    };
  }

  /** A start of {@code text}, sometimes of a letter or two: the first letters typed. */
  private static String cut(Random random, String text) {
    return text.substring(
        0, Math.min(text.length(), 1 + random.nextInt(Math.max(1, text.length()))));
  }

  /** What the SQL layout's queries select, from the contact itself; what nothing narrows, all. */
  private static final class Oracle {
    static boolean holds(Candidates candidates, ContactDto contact) {
      if (candidates instanceof Candidates.AllOf all) {
        return all.conditions().stream().allMatch(c -> holds(c, contact));
      } else if (candidates instanceof Candidates.AnyOf any) {
        return any.options().stream().anyMatch(c -> holds(c, contact));
      } else if (candidates instanceof Candidates.NameWordPrefix p) {
        List<String> words = ContactTexts.words(p.prefix());
        Set<String> tokens = ContactTexts.nameTokens(contact);
        return words.isEmpty()
            || tokens.containsAll(words.subList(0, words.size() - 1))
                && tokens.stream().anyMatch(t -> t.startsWith(words.get(words.size() - 1)));
      } else if (candidates instanceof Candidates.NameContains c) {
        String name = ContactTexts.name(contact);
        return c.parts().stream()
            .flatMap(part -> List.of(ContactTexts.lower(part).split("\\s+")).stream())
            .allMatch(name::contains);
      } else if (candidates instanceof Candidates.EmailEquals e) {
        return e.email().isBlank()
            || ContactTexts.emails(contact).contains(ContactTexts.lower(e.email().strip()));
      } else if (candidates instanceof Candidates.EmailPrefix e) {
        String prefix = ContactTexts.lower(e.prefix().strip());
        return e.prefix().isBlank()
            || ContactTexts.emails(contact).stream()
                .anyMatch(address -> address.startsWith(prefix));
      } else if (candidates instanceof Candidates.DepartmentPrefix d) {
        Optional<String> word = ContactTexts.firstWord(d.prefix());
        return word.isEmpty()
            || contact.department() != null
                && ContactTexts.lower(contact.department()).startsWith(word.get());
      } else if (candidates instanceof Candidates.PhoneDigits p) {
        String digits = ContactTexts.digits(p.digits());
        Predicate<String> number =
            p.atStart() && p.atEnd()
                ? digits::equals
                : p.atStart()
                    ? n -> n.startsWith(digits)
                    : p.atEnd() ? n -> n.endsWith(digits) : n -> n.contains(digits);
        return digits.isEmpty()
            || contact.phones().stream()
                .map(phone -> ContactTexts.digits(phone.number()))
                .filter(n -> !n.isEmpty())
                .anyMatch(number);
      }
      return true;
    }
  }

  private Optional<List<String>> ids(Candidates candidates) {
    try (CopyMaps.View view = maps.view()) {
      return MapCandidates.ids(view.maps(), candidates, "");
    }
  }

  private Optional<List<String>> first(Candidates candidates, int likely) {
    try (CopyMaps.View view = maps.view()) {
      return MapCandidates.first(view.maps(), candidates, likely);
    }
  }
}
