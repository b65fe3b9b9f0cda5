package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.ContactDto;

/**
 * A name prefix many contacts share is answered by walking the names in order, one few share off
 * the word index: both give the first matches by name, then id, exactly as a check of every
 * contact's name tokens here does. 2,400 contacts and 50 shown: a prefix is walked from 61 matches
 * on ({@link NamePrefixSearch}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamePrefixSearchTest {
  private static final int LIMIT = 50;
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

  @ParameterizedTest
  @ValueSource(
      strings = {
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
        "carl castro-lund"
      })
  void answersTheFirstMatchesByNameThenIdWhateverTheWay(String prefix) {
    List<String> answered =
        store.search(new LocalStore.Search(prefix, null, null, null), LIMIT).stream()
            .map(ContactDto::id)
            .toList();

    assertThat(answered).isEqualTo(firstByName(prefix));
  }

  @Test
  void aBroadPrefixIsWalkedAndAnsweredWithoutReadingEveryMatch() {
    // every given name and family name starting with "a" or "å" is not a match of "a": only "a..."
    assertThat(firstByName("a")).hasSize(LIMIT);
    assertThat(book.contacts.values().stream().filter(c -> matches(c, "a")).count())
        .as("matches of a broad prefix: more than the walk's threshold")
        .isGreaterThan(2L * LIMIT * book.contacts.size() / NamePrefixSearch.WALK + 1);
  }

  /** The answer from every contact's tokens, as the copy makes them. */
  private List<String> firstByName(String prefix) {
    return book.contacts.values().stream()
        .filter(contact -> matches(contact, prefix))
        .sorted(
            Comparator.comparing((ContactDto contact) -> ContactRows.of(contact).name())
                .thenComparing(ContactDto::id))
        .limit(LIMIT)
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
