package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.ContactDto;

/**
 * A name prefix many contacts share is answered by reading the words by initial in name order, one
 * few share off the word index: both give the first matches by name, then id, exactly as a check of
 * every contact's name tokens here does ({@link NamePrefixSearch}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamePrefixSearchTest {
  private static final int LIMIT = 50;
  private static final int FEW = 3;
  private static final String[] GIVEN = {"Anna", "Bert", "Carl", "Dora", "Emil", "王", "Åsa", "Zoë"};
  private static final String[] FAMILY = {"Andersen", "Berg", "Castro", "Dahl", "Ek", "Öberg"};

  private final TestBook book = new TestBook();
  private LocalStore store;

  @BeforeAll
  void aBookOfManyNames(@TempDir Path dir) {
    for (int i = 0; i < 2000; i++) {
      String given = GIVEN[i % GIVEN.length];
      String family = FAMILY[i % FAMILY.length] + (i % 7 == 0 ? "-Lund" : "");
      book.upsert(person("p" + i, given + " " + family + " " + i, given, family));
    }
    // a prefix that runs from the display name into the given name matches no token, but these
    // names hold it where a word starts, and come first by name
    for (int i = 0; i < 100; i++) {
      book.upsert(person("x" + i, "Ann", "Ba" + i, null));
    }
    for (int i = 0; i < 100; i++) {
      book.upsert(person("y" + i, "Ann Bz" + i, null, null));
    }
    // seventy contacts of one name: the first fifty by id
    for (int i = 0; i < 70; i++) {
      book.upsert(person("s" + (char) ('a' + i % 26) + i, "Same Name", null, null));
    }
    store = LocalStore.open(dir, 100);
    store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());
    org.awaitility.Awaitility.await().until(() -> !store.indexing());
  }

  @AfterAll
  void close() {
    store.close();
  }

  @ParameterizedTest(name = "\"{0}\", {1} shown")
  @MethodSource("prefixesAndLimits")
  void answersTheFirstMatchesByNameThenIdWhateverTheWay(String prefix, int limit) {
    List<String> answered =
        store.search(new LocalStore.Search(prefix, null, null, null), limit).stream()
            .map(ContactDto::id)
            .toList();

    assertThat(answered).isEqualTo(firstByName(prefix, limit));
  }

  /**
   * Each prefix with 50 shown (a prefix is broad from 1,000 matches: most are read whole) and with
   * 3 (broad from 60: most are read in name order, and those that match too thinly read whole).
   */
  static Stream<Arguments> prefixesAndLimits() {
    return Stream.of(LIMIT, FEW)
        .flatMap(limit -> PREFIXES.stream().map(prefix -> Arguments.of(prefix, limit)));
  }

  private static final List<String> PREFIXES =
      List.of(
          "a",
          "an",
          "b",
          "berg",
          "e",
          "王",
          "å",
          "ö",
          "zo",
          "1",
          "12",
          "ann b",
          "ann bz1",
          "same",
          "same name",
          "lund",
          "dora dahl",
          "emil ek 4",
          "nobody",
          "carl castro-lund");

  @Test
  void theTestsPrefixesTakeEveryWay() {
    assertThat(matchingWords("a"))
        .as("a prefix broad for 50 shown")
        .isGreaterThanOrEqualTo(NamePrefixSearch.BROAD * LIMIT);
    assertThat(matchingWords("ö"))
        .as("a prefix broad for 3 shown only")
        .isBetween((long) NamePrefixSearch.BROAD * FEW, NamePrefixSearch.BROAD * LIMIT - 1L);
    assertThat(matchingWords("ann bz1"))
        .as("a prefix few share")
        .isLessThan(NamePrefixSearch.BROAD * FEW);
  }

  /** The name words starting with {@code prefix}: what the word index holds of it. */
  private long matchingWords(String prefix) {
    return book.contacts.values().stream()
        .flatMap(contact -> ContactRows.nameTokens(contact).stream())
        .filter(token -> token.startsWith(prefix))
        .count();
  }

  /** The answer from every contact's tokens, as the copy makes them. */
  private List<String> firstByName(String prefix, int limit) {
    return book.contacts.values().stream()
        .filter(contact -> matches(contact, prefix))
        .sorted(
            Comparator.comparing((ContactDto contact) -> ContactRows.of(contact).name())
                .thenComparing(ContactDto::id))
        .limit(limit)
        .map(ContactDto::id)
        .toList();
  }

  private static boolean matches(ContactDto contact, String prefix) {
    return ContactRows.nameTokens(contact).stream().anyMatch(token -> token.startsWith(prefix));
  }

  private static ContactDto person(String id, String display, String given, String family) {
    return new ContactDto(
        id, display, given, family, List.of(), List.of(), null, null, null, null, null, Map.of());
  }
}
