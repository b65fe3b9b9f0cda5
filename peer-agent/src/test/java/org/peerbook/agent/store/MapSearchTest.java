package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

/**
 * The map layout's searches give the SQL layout's answers: each checked here against every
 * contact's own name tokens, addresses, numbers and department, over a generated book large enough
 * that the first letters typed are read in name order ({@link MapNamePrefixSearch}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MapSearchTest {
  private static final int[] LIMITS = {1, 3, 10, 50};

  private List<ContactDto> book;
  private CopyMaps maps;

  @BeforeAll
  void aGeneratedBook(@TempDir Path dir) {
    book = MapBook.generated(4000);
    maps = MapBook.filled(dir.resolve("c.mvstore"), book);
  }

  @AfterAll
  void close() {
    maps.close();
  }

  @Test
  void everySearchAnswersTheFirstMatchesByNameThenIdOnceEach() {
    for (LocalStore.Search search : searches()) {
      for (int limit : LIMITS) {
        assertThat(ids(maps, search, limit))
            .as("%s, %d shown", search, limit)
            .isEqualTo(expected(book, search, limit));
      }
    }
  }

  @Test
  void theGeneratedSearchesTakeEveryWay() {
    assertThat(matchingWords("a"))
        .as("a prefix read in name order for 50 shown")
        .isGreaterThanOrEqualTo(MapNamePrefixSearch.BROAD * 50L);
    // criteria that each match many: intersected, then the names or the department read in order
    assertThat(expected(book, new LocalStore.Search("", null, "0", null), 4000))
        .hasSizeGreaterThan(MapNamePrefixSearch.BROAD * 10);
    assertThat(expected(book, new LocalStore.Search("a", null, "+41", "sales"), 4000))
        .hasSizeGreaterThan(MapNamePrefixSearch.BROAD);
  }

  @Test
  void aCopyWhoseIndexesAreNotBuiltGivesTheSameAnswers(@TempDir Path other) {
    try (CopyMaps unindexed = MapBook.filled(other.resolve("c.mvstore"), book)) {
      MapBook.unindexed(unindexed);
      try (CopyMaps.View view = unindexed.view()) {
        assertThat(view.maps().index(SearchIndex.NAME_WORD)).isEmpty();
      }
      for (LocalStore.Search search : searches().subList(0, 60)) {
        assertThat(ids(unindexed, search, 10))
            .as("%s", search)
            .isEqualTo(expected(book, search, 10));
      }
    }
  }

  @Test
  void whileIndexesAreBuiltASearchReadsThoseDoneAndEveryContactForTheRest(@TempDir Path other) {
    ContactDto someone = book.get(7);
    String word = ContactKeys.of(someone).in(SearchIndex.NAME_WORD).iterator().next();
    LocalStore.Search byName = new LocalStore.Search(KeyRange.part(word, 0), null, null, null);
    String number = someone.phones().get(0).number();
    LocalStore.Search byNumber = new LocalStore.Search(null, null, number, null);
    try (CopyMaps building = MapBook.filled(other.resolve("c.mvstore"), book)) {
      CopyMaps.Maps written = building.written();
      // a build that got the name indexes done, not yet the others (emptied here)
      MapHead.indexing(written.head(), true);
      for (SearchIndex index :
          List.of(SearchIndex.NAME, SearchIndex.NAME_WORD, SearchIndex.NAME_WORD_BY_INITIAL)) {
        MapHead.markBuilt(written.head(), index);
      }
      written.index(SearchIndex.PHONE).clear();
      written.index(SearchIndex.PHONE_REVERSED).clear();
      // keys taken out of done indexes show which way a search went: read off them, or not
      ContactKeys keys = ContactKeys.of(someone);
      for (SearchIndex index : List.of(SearchIndex.NAME_WORD, SearchIndex.NAME_WORD_BY_INITIAL)) {
        keys.in(index).forEach(written.index(index)::remove);
      }
      building.commit();

      assertThat(ids(building, byName, 4000))
          .as("read off the name words, which lack the contact's")
          .doesNotContain(someone.id())
          .isEqualTo(
              expected(book, byName, 4000).stream()
                  .filter(id -> !id.equals(someone.id()))
                  .toList());
      assertThat(ids(building, byNumber, 50))
          .as("every contact read: the phone indexes are not done")
          .contains(someone.id())
          .isEqualTo(expected(book, byNumber, 50));
    }
  }

  @Test
  void aPhoneWithoutADigitIsRefusedAsTheSqlLayoutRefusesIt() {
    assertThatThrownBy(() -> ids(maps, new LocalStore.Search(null, null, "(-)", null), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one digit");
  }

  /** NamePrefixSearchTest's book: many names sharing words, a name seventy contacts share. */
  @Test
  void aPrefixGivesTheFirstMatchesByNameThenIdWhateverTheWay(@TempDir Path dir) {
    String[] given = {"Anna", "Bert", "Carl", "Dora", "Emil", "王", "Åsa", "Zoë"};
    String[] family = {"Andersen", "Berg", "Castro", "Dahl", "Ek", "Öberg"};
    List<ContactDto> names = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String g = given[i % given.length];
      String f = family[i % family.length] + (i % 7 == 0 ? "-Lund" : "");
      names.add(MapBook.person("p" + i, g + " " + f + " " + i, g, f));
    }
    for (int i = 0; i < 100; i++) {
      names.add(MapBook.person("x" + i, "Ann", "Ba" + i, null));
      names.add(MapBook.person("y" + i, "Ann Bz" + i, null, null));
    }
    for (int i = 0; i < 70; i++) {
      names.add(MapBook.person("s" + (char) ('a' + i % 26) + i, "Same Name", null, null));
    }
    List<String> prefixes =
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
    try (CopyMaps copy = MapBook.filled(dir.resolve("c.mvstore"), names)) {
      for (String prefix : prefixes) {
        for (int limit : new int[] {3, 50}) {
          LocalStore.Search search = new LocalStore.Search(prefix, null, null, null);
          assertThat(ids(copy, search, limit))
              .as("\"%s\", %d shown", prefix, limit)
              .isEqualTo(expected(names, search, limit));
        }
      }
    }
  }

  /** LocalStoreTest's book: Carl Cello in Music, 张伟, and the contacts each case adds. */
  private static List<ContactDto> carlAndZhang(ContactDto... more) {
    List<ContactDto> contacts = new ArrayList<>();
    contacts.add(MapBook.contact("b", "张伟", "b@example.com", "Dept"));
    contacts.add(LocalStoreTest.CARL);
    contacts.addAll(List.of(more));
    return contacts;
  }

  @Test
  void searchesAnswerEachContactOnceInNameOrder(@TempDir Path dir) {
    List<ContactDto> contacts =
        carlAndZhang(
            MapBook.contact("d", "Zoe Zimmer", "d@example.com", "Dept"),
            MapBook.contact("e", "Cara Carlsson", "e@example.com", "Dept"),
            MapBook.contact("f", "Adam Ant", "f@example.com", "Dept"));
    try (CopyMaps copy = MapBook.filled(dir.resolve("c.mvstore"), contacts)) {
      // every word of "Cara Carlsson" is in the range, and its whole name too
      assertThat(names(copy, "car", null, null, null, 10))
          .containsExactly("Cara Carlsson", "Carl Cello");
      assertThat(names(copy, null, null, null, "dept", 10))
          .containsExactly("Adam Ant", "Cara Carlsson", "Zoe Zimmer", "张伟");
      assertThat(names(copy, null, null, null, "dept", 2))
          .containsExactly("Adam Ant", "Cara Carlsson");
      assertThat(names(copy, null, "e@example.com", null, null, 10))
          .containsExactly("Cara Carlsson");
      assertThat(names(copy, "car", null, null, "dept", 10)).containsExactly("Cara Carlsson");
      assertThat(names(copy, "car", null, null, "music", 10)).containsExactly("Carl Cello");
    }
  }

  @Test
  void aPrefixManyWordsOfEachContactShareGivesTheFirstContactsByNameOnceEach(@TempDir Path dir) {
    List<ContactDto> contacts = carlAndZhang();
    for (int i = 0; i < 30; i++) {
      contacts.add(
          MapBook.contact(
              "n" + i, "Ann Anne Anna Annabel Annika " + (char) ('z' - i % 26) + i, null, "Dept"));
    }
    try (CopyMaps copy = MapBook.filled(dir.resolve("c.mvstore"), contacts)) {
      List<String> all = names(copy, "ann", null, null, null, 100);
      assertThat(all).hasSize(30).doesNotHaveDuplicates().isSortedAccordingTo(String::compareTo);
      assertThat(names(copy, "ANN", null, null, null, 5))
          .containsExactlyElementsOf(all.subList(0, 5));
    }
  }

  /** Carl's work number is +41 (22) 555-0100; Dora gets two. */
  @Test
  void findsANumberByItsStartItsEndOrACallersNationalFormButNotByItsMiddle(@TempDir Path dir) {
    List<ContactDto> contacts =
        carlAndZhang(
            MapBook.contact("d", "Dora", null, "Dept", "+41 22 555 0199", "0100"),
            MapBook.contact("f", "Fritz", null, "Dept", "+41 22 555 1199"));
    try (CopyMaps copy = MapBook.filled(dir.resolve("c.mvstore"), contacts)) {
      assertThat(names(copy, null, null, "+41 22 555", null, 10))
          .containsExactly("Carl Cello", "Dora", "Fritz");
      assertThat(names(copy, null, null, "+41 22 555 01", null, 10))
          .containsExactly("Carl Cello", "Dora");
      assertThat(names(copy, null, null, "+41225550100", null, 10)).containsExactly("Carl Cello");
      assertThat(names(copy, null, null, "0100", null, 10))
          .as("an extension")
          .containsExactly("Carl Cello", "Dora");
      assertThat(names(copy, null, null, "022 555 01 00", null, 10))
          .as("a caller's number in national form")
          .containsExactly("Carl Cello");
      assertThat(names(copy, null, null, "0041 22 555 0199", null, 10)).containsExactly("Dora");
      assertThat(names(copy, null, null, "555", null, 10)).as("a number's middle").isEmpty();
      assertThat(names(copy, null, null, "0199", null, 10))
          .as("an extension's zero counts")
          .containsExactly("Dora");
      assertThat(names(copy, null, null, "199", null, 10)).containsExactly("Dora", "Fritz");
      assertThat(names(copy, null, null, "+1 33 555 0100", null, 10)).isEmpty();
      assertThat(names(copy, "carl", null, "0100", null, 10)).containsExactly("Carl Cello");
      assertThat(names(copy, null, null, "0100", "music", 10)).containsExactly("Carl Cello");
    }
  }

  @Test
  void searchesCaseInsensitivelyInAnyScript(@TempDir Path dir) {
    try (CopyMaps copy = MapBook.filled(dir.resolve("c.mvstore"), carlAndZhang())) {
      assertThat(names(copy, "张", null, null, null, 10)).containsExactly("张伟");
      assertThat(names(copy, "CARL", null, null, null, 10)).containsExactly("Carl Cello");
      assertThat(names(copy, "cello", null, null, null, 10))
          .as("family name prefix")
          .containsExactly("Carl Cello");
      assertThat(names(copy, null, "carl@example.COM", null, null, 10))
          .containsExactly("Carl Cello");
      assertThat(names(copy, null, null, "5550100", null, 10)).containsExactly("Carl Cello");
      assertThat(names(copy, null, null, null, "MUSIC", 10)).containsExactly("Carl Cello");
      assertThat(names(copy, "%", null, null, null, 10)).isEmpty();
    }
  }

  private static List<String> names(
      CopyMaps copy, String prefix, String email, String phone, String department, int limit) {
    try (CopyMaps.View view = copy.view()) {
      return MapSearch.search(
              view.maps(), new LocalStore.Search(prefix, email, phone, department), limit)
          .stream()
          .map(json -> StoredJson.contact(json).displayName())
          .toList();
    }
  }

  /** Name prefixes of one letter to whole words, alone and with the other criteria. */
  private List<LocalStore.Search> searches() {
    Random random = new Random(7);
    Set<String> prefixes = new TreeSet<>(List.of("", "a", "an", "ann", "anna b", "%", "nobody"));
    List<String> phones = new ArrayList<>(List.of("+41 22 555", "0041 22", "022 555", "1", "+4"));
    List<String> emails = new ArrayList<>(List.of("nobody@example.com"));
    for (int i = 0; i < 40; i++) {
      ContactDto contact = book.get(random.nextInt(book.size()));
      List<String> tokens = List.copyOf(ContactTexts.nameTokens(contact));
      String token = tokens.get(random.nextInt(tokens.size()));
      prefixes.add(token.substring(0, Math.min(token.length(), 1 + random.nextInt(3))));
      prefixes.add(token.toUpperCase() + " ");
      contact.emails().stream().findFirst().map(String::toUpperCase).ifPresent(emails::add);
      for (PhoneDto phone : contact.phones()) {
        String number = phone.number();
        phones.add(number.substring(0, 1 + random.nextInt(number.length())));
        phones.add(number.substring(random.nextInt(number.length() - 1)));
      }
    }
    List<LocalStore.Search> searches = new ArrayList<>();
    searches.add(new LocalStore.Search(null, null, null, null));
    for (String department : List.of("sales", "SALES EMEA", "研发", "Music", "none", "")) {
      searches.add(new LocalStore.Search(null, null, null, department));
    }
    for (String prefix : prefixes) {
      searches.add(new LocalStore.Search(prefix, null, null, null));
      searches.add(new LocalStore.Search(prefix, null, null, "Sales"));
      searches.add(new LocalStore.Search(prefix, null, random.nextBoolean() ? "+41" : "5", null));
    }
    for (String email : emails) {
      searches.add(new LocalStore.Search(null, email, null, null));
      searches.add(new LocalStore.Search("a", email, null, "research"));
    }
    for (String phone : phones) {
      if (Candidates.holdsDigit(phone)) {
        searches.add(new LocalStore.Search(null, null, phone, null));
        searches.add(new LocalStore.Search(null, null, phone, "strings"));
      }
    }
    searches.add(new LocalStore.Search("a", null, "+41", "sales"));
    searches.add(new LocalStore.Search("", null, "0", null));
    // the first searches, which the unindexed copy answers too, of every kind
    java.util.Collections.shuffle(searches, random);
    return searches;
  }

  private long matchingWords(String prefix) {
    return book.stream()
        .flatMap(contact -> ContactTexts.nameTokens(contact).stream())
        .filter(token -> token.startsWith(prefix))
        .count();
  }

  static List<String> ids(CopyMaps maps, LocalStore.Search search, int limit) {
    try (CopyMaps.View view = maps.view()) {
      return MapSearch.search(view.maps(), search, limit).stream()
          .map(json -> StoredJson.contact(json).id())
          .toList();
    }
  }

  /** The answer from every contact, as the SQL layout's statement reads it. */
  static List<String> expected(List<ContactDto> book, LocalStore.Search search, int limit) {
    return book.stream()
        .filter(contact -> matches(contact, search))
        .sorted(
            Comparator.comparing((ContactDto contact) -> ContactTexts.name(contact))
                .thenComparing(ContactDto::id))
        .limit(limit)
        .map(ContactDto::id)
        .toList();
  }

  private static boolean matches(ContactDto contact, LocalStore.Search search) {
    if (search.namePrefix() != null) {
      String prefix = ContactTexts.lower(search.namePrefix().strip());
      if (ContactTexts.nameTokens(contact).stream().noneMatch(token -> token.startsWith(prefix))) {
        return false;
      }
    }
    if (search.email() != null
        && !ContactTexts.emails(contact).contains(ContactTexts.lower(search.email().strip()))) {
      return false;
    }
    if (search.phone() != null && !byNumber(contact, search.phone())) {
      return false;
    }
    return search.department() == null
        || contact.department() != null
            && ContactTexts.lower(contact.department())
                .equals(ContactTexts.lower(search.department()));
  }

  /** A number's digits start with those typed, or end with them (less their + or zeros). */
  private static boolean byNumber(ContactDto contact, String typed) {
    String digits = ContactTexts.digits(typed);
    String end = digits.startsWith("+") ? digits.substring(1) : digits;
    String significant = end.replaceFirst("^0+", "");
    String tail = significant.length() >= Candidates.NATIONAL_DIGITS ? significant : end;
    return contact.phones().stream()
        .map(phone -> ContactTexts.digits(phone.number()))
        .filter(number -> !number.isEmpty())
        .anyMatch(number -> number.startsWith(digits) || number.endsWith(tail));
  }
}
