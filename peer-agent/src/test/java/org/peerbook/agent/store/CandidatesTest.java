package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

/** The store narrows directory searches through its indexes: a superset, never fewer. */
class CandidatesTest {
  @TempDir Path dir;
  private final TestBook book = new TestBook();
  private LocalStore store;

  @BeforeEach
  void fill() {
    book.upsert(contact("carl", "Carl  Cello", "carl@example.com", "Music", "+41 (22) 555-0100"))
        .upsert(contact("marcel", "Marcel Dupont", "m.dupont@example.fr", "Sales EMEA", "0123"))
        .upsert(contact("zhang", "张伟", "zhang.wei@example.cn", "研发", "+86 10 1234 5678"));
    for (int i = 0; i < 7; i++) {
      book.upsert(contact("p" + i, "Person " + i, "p" + i + "@x.org", "Bulk", "99" + i));
    }
    store = LocalStore.open(dir, 100);
    store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());
    // a first sync's copy narrows nothing until its indexes are in (DeferredIndexesTest)
    await().atMost(Duration.ofMinutes(1)).until(() -> !store.indexing());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void findsNameWordPrefixesThroughTheWordIndex() {
    assertThat(ids(new Candidates.NameWordPrefix("Cel"))).containsExactly("carl");
    assertThat(ids(new Candidates.NameWordPrefix("carl cello"))).containsExactly("carl");
    assertThat(ids(new Candidates.NameWordPrefix("person 3")))
        .as("every word narrows, not the first alone")
        .containsExactly("p3");
    assertThat(ids(new Candidates.NameWordPrefix("person")))
        .containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6");
    assertThat(
            ids(
                new Candidates.AnyOf(
                    List.of(
                        new Candidates.NameWordPrefix("person 3"),
                        new Candidates.EmailPrefix("carl")))))
        .containsExactly("carl", "p3");
    assertThat(ids(new Candidates.NameWordPrefix("张"))).containsExactly("zhang");
    assertThat(ids(new Candidates.NameWordPrefix("  "))).hasSize(10);
  }

  @Test
  void findsContainedPartsWhateverTheSpacesBetweenThem() {
    assertThat(ids(new Candidates.NameContains(List.of("cel")))).containsExactly("carl", "marcel");
    assertThat(ids(new Candidates.NameContains(List.of("carl cello")))).containsExactly("carl");
  }

  @Test
  void findsAddressesDepartmentsAndPhones() {
    assertThat(ids(new Candidates.EmailEquals("CARL@example.com"))).containsExactly("carl");
    assertThat(ids(new Candidates.EmailPrefix("m.du"))).containsExactly("marcel");
    assertThat(ids(new Candidates.DepartmentPrefix("sales emea"))).containsExactly("marcel");
    assertThat(ids(new Candidates.PhoneDigits("555-0100", false, true))).containsExactly("carl");
    assertThat(ids(new Candidates.PhoneDigits("555", true, false))).isEmpty();
  }

  @Test
  void combinesConditionsAndOptions() {
    var cel = new Candidates.NameContains(List.of("cel"));
    var music = new Candidates.DepartmentPrefix("music");
    var zhang = new Candidates.EmailPrefix("zhang");

    assertThat(ids(new Candidates.AllOf(List.of(cel, music)))).containsExactly("carl");
    assertThat(ids(new Candidates.AnyOf(List.of(music, zhang)))).containsExactly("carl", "zhang");
    assertThat(ids(new Candidates.AnyOf(List.of(music, Candidates.ALL)))).hasSize(10);
    assertThat(ids(new Candidates.AllOf(List.of(Candidates.ALL, zhang)))).containsExactly("zhang");
  }

  @Test
  void pagesFromAfterAnIdAsAPagedSearchGoesOn() {
    CandidatePages rest = store.candidates(new Candidates.NameWordPrefix("person"), "p4");
    List<String> seen = new ArrayList<>();
    while (rest.hasNext()) {
      rest.next(1).forEach(contact -> seen.add(contact.id()));
    }

    assertThat(seen).containsExactly("p5", "p6");
  }

  @Test
  void pagesThroughEveryContactInIdOrder() {
    List<String> everyone = List.copyOf(book.contacts.keySet());
    List<String> withAnO = everyone.stream().filter(id -> !id.equals("zhang")).toList();

    assertThat(allPages(Candidates.ALL)).containsExactlyElementsOf(everyone);
    assertThat(allPages(new Candidates.NameContains(List.of("o"))))
        .containsExactlyElementsOf(withAnO);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 13, 100})
  void inAnyOrderEveryCandidateComesOnceWhetherTheFirstReadSufficesOrNot(int likely) {
    // each person is a candidate twice: by a word of the name and by the address
    var typed =
        new Candidates.AnyOf(
            List.of(new Candidates.NameWordPrefix("person"), new Candidates.EmailPrefix("p")));
    List<String> people = List.of("p0", "p1", "p2", "p3", "p4", "p5", "p6");

    assertThat(inAnyOrder(typed, likely)).containsExactlyInAnyOrderElementsOf(people);
    assertThat(inAnyOrder(Candidates.ALL, likely))
        .containsExactlyInAnyOrderElementsOf(book.contacts.keySet());
    assertThat(inAnyOrder(new Candidates.EmailPrefix("nobody"), likely)).isEmpty();
  }

  private List<String> inAnyOrder(Candidates candidates, int likely) {
    List<String> seen = new ArrayList<>();
    CandidatePages pages = store.candidatesInAnyOrder(candidates, likely);
    while (pages.hasNext()) {
      pages.next(2).forEach(contact -> seen.add(contact.id()));
    }
    return seen;
  }

  private List<String> allPages(Candidates candidates) {
    List<String> seen = new ArrayList<>();
    CandidatePages pages = store.candidates(candidates, null);
    while (pages.hasNext()) {
      pages.next(3).forEach(contact -> seen.add(contact.id()));
    }
    return seen;
  }

  private List<String> ids(Candidates candidates) {
    return allPages(candidates);
  }

  static ContactDto contact(String id, String name, String email, String department, String phone) {
    return new ContactDto(
        id,
        name,
        null,
        null,
        List.of(email),
        List.of(new PhoneDto("work", phone)),
        null,
        department,
        null,
        null,
        null,
        Map.of());
  }
}
