package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

class ContactKeysTest {
  private final MVStore memory = new MVStore.Builder().open();
  private final Map<SearchIndex, MVMap<String, String>> indexes = new EnumMap<>(SearchIndex.class);

  ContactKeysTest() {
    for (SearchIndex index : SearchIndex.values()) {
      indexes.put(index, memory.openMap(index.mapName()));
    }
  }

  @AfterEach
  void close() {
    memory.close();
  }

  @Test
  void aContactHasAKeyInEachIndexWithItsIdWhereTheIndexSays() {
    ContactKeys keys = ContactKeys.of(ada("Ada@Example.com", "Research", "+44 20 7946 0001"));
    String name = "ada lovelace ada lovelace";

    assertThat(keys.in(SearchIndex.NAME)).containsExactly(name + "\0c1");
    assertThat(keys.in(SearchIndex.NAME_WORD))
        .containsExactlyInAnyOrder(
            "ada lovelace\0" + name + "\0c1",
            "ada\0" + name + "\0c1",
            "lovelace\0" + name + "\0c1");
    // words the name begins with under "", the others under their initial
    assertThat(keys.in(SearchIndex.NAME_WORD_BY_INITIAL))
        .containsExactlyInAnyOrder(
            "\0" + name + "\0c1\0ada lovelace",
            "\0" + name + "\0c1\0ada",
            "l\0" + name + "\0c1\0lovelace");
    assertThat(keys.in(SearchIndex.EMAIL)).containsExactly("ada@example.com\0c1");
    assertThat(keys.in(SearchIndex.DEPARTMENT)).containsExactly("research\0" + name + "\0c1");
    assertThat(keys.in(SearchIndex.PHONE)).containsExactly("+442079460001\0c1");
    assertThat(keys.in(SearchIndex.PHONE_REVERSED)).containsExactly("100064970244+\0c1");
    for (SearchIndex index : SearchIndex.values()) {
      for (String key : keys.in(index)) {
        assertThat(ContactKeys.idIn(index, key)).as("%s", index).isEqualTo("c1");
      }
    }
  }

  @Test
  void aLaterWordsInitialIsItsFirstCharacterWholeEvenBeyondTheBasicPlane() {
    assertThat(ContactKeys.laterInitial("𝔸lpha", "beta 𝔸lpha")).isEqualTo("𝔸");
    assertThat(ContactKeys.laterInitial("beta", "beta 𝔸lpha")).isEmpty();
    assertThat(ContactKeys.laterInitial("", "beta")).isEmpty();
  }

  @Test
  void aChangeWritesOnlyTheIndexesWhoseKeysChanged() {
    ContactKeys before = ContactKeys.of(ada("ada@example.com", "Research", "1"));
    before.replace(ContactKeys.NONE, indexes::get);
    Map<SearchIndex, Page<String, String>> roots = new EnumMap<>(SearchIndex.class);
    indexes.forEach((index, map) -> roots.put(index, map.getRootPage()));

    ContactKeys after = ContactKeys.of(ada("ada@example.com", "Analytics", "1"));
    after.replace(before, indexes::get);

    assertThat(indexes.get(SearchIndex.DEPARTMENT).keySet())
        .containsExactly("analytics\0ada lovelace ada lovelace\0c1");
    for (SearchIndex index : SearchIndex.values()) {
      if (index != SearchIndex.DEPARTMENT) {
        // a map written to, even with the same key again, gets a new root page
        assertThat(indexes.get(index).getRootPage()).as("%s", index).isSameAs(roots.get(index));
      }
    }
  }

  @Test
  void aContactReplacedByNoneLeavesNoKey() {
    ContactKeys keys = ContactKeys.of(ada("ada@example.com", "Research", "1"));
    keys.replace(ContactKeys.NONE, indexes::get);

    ContactKeys.NONE.replace(keys, indexes::get);

    indexes.forEach((index, map) -> assertThat(map).as("%s", index).isEmpty());
  }

  private static ContactDto ada(String email, String department, String phone) {
    return new ContactDto(
        "c1",
        "Ada Lovelace",
        "Ada",
        "Lovelace",
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
