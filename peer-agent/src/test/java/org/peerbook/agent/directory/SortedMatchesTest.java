package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SortKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortedMatchesTest {
  private final SortedMatches kept = new SortedMatches();
  private static final List<SortedView.Sorted> LIST =
      List.of(new SortedView.Sorted("a", new com.unboundid.asn1.ASN1OctetString[0]));

  private static SortedMatches.Key key(long version, String filter, SortKey... keys) {
    return SortedMatches.Key.of(
        version, SearchScope.ONE, Filter.createPresenceFilter(filter), List.of(keys));
  }

  @Test
  void aSearchAsksForTheSameListWhateverTheCaseOfItsNamesButNotAnotherOrderOrVersion() {
    kept.put(key(7, "cn", new SortKey("cn")), LIST);

    assertThat(kept.get(key(7, "CN", new SortKey("CN")))).contains(LIST);
    assertThat(kept.get(key(7, "cn", new SortKey("cn", true)))).isEmpty();
    assertThat(kept.get(key(7, "cn", new SortKey("sn")))).isEmpty();
    assertThat(kept.get(key(7, "mail", new SortKey("cn")))).isEmpty();
    assertThat(kept.get(key(8, "cn", new SortKey("cn")))).isEmpty();
  }

  @Test
  void keepsTheLatestListsOfTheNewestVersionOnly() {
    kept.put(key(7, "cn", new SortKey("cn")), LIST);
    kept.put(key(7, "sn", new SortKey("sn")), LIST);
    kept.put(key(7, "mail", new SortKey("mail")), LIST);

    assertThat(kept.get(key(7, "cn", new SortKey("cn")))).as("the eldest goes").isEmpty();
    assertThat(kept.get(key(7, "mail", new SortKey("mail")))).isPresent();

    kept.put(key(8, "cn", new SortKey("cn")), LIST);

    assertThat(kept.get(key(7, "mail", new SortKey("mail")))).as("an older version's").isEmpty();
    assertThat(kept.get(key(8, "cn", new SortKey("cn")))).contains(LIST);
  }
}
