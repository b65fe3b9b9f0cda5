package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.protocol.ContactDto;

/**
 * An entry made with only the attributes a search needs answers that search as the whole entry
 * does: it matches the same filters and is sent with the same attributes.
 */
class NeededAttributesTest {
  private static final List<String> FILTERS =
      List.of(
          "(cn=Carl*)",
          "(commonName=carl cello)",
          "(2.5.4.3=Carl Cello)",
          "(CN=*cello)",
          "(mail=carl@example.com)",
          "(|(cn=bulk person 0*)(mail=bulk1*))",
          "(&(objectClass=inetOrgPerson)(sn=Cello))",
          "(name=Carl Cello)",
          "(!(ou=Music))",
          "(telephoneNumber=+41 22 555 0100)",
          "(mobile=*)",
          "(l=Geneva)",
          "(physicalDeliveryOfficeName=Geneva)",
          "(manager=uid=anna,ou=people,o=peerbook)",
          "(objectClass=*)",
          "(givenName~=carl)",
          "(cn:caseExactMatch:=Carl Cello)",
          "(:caseIgnoreMatch:=Carl Cello)",
          "(uid=carl)",
          "(displayName>=M)",
          "(surname=Ångström)",
          "(nosuchattribute=x)");

  private static final List<List<String>> REQUESTED =
      List.of(
          List.of(),
          List.of("*"),
          List.of("cn"),
          List.of("CN", "mail", "telephoneNumber"),
          List.of("1.1"),
          List.of("+"),
          List.of("*", "+"),
          List.of("commonName", "surname"),
          List.of("2.5.4.3"),
          List.of("cn;lang-en"),
          List.of("@inetOrgPerson"),
          List.of("name"),
          List.of("nosuchattribute"),
          List.of("objectClass", "uid"));

  @TempDir Path dir;

  @Test
  void entriesWithOnlyTheNeededAttributesAnswerAsWholeEntriesDo() throws LDAPException {
    Schema schema = Schema.getDefaultStandardSchema();
    try (var directory = new TestDirectory(dir, Optional.empty(), 100)) {
      ContactEntries entries = new ContactEntries(new DN(TestDirectory.BASE));
      int compared = 0;
      for (String filter : FILTERS) {
        for (List<String> requested : REQUESTED) {
          for (boolean typesOnly : List.of(false, true)) {
            SearchRequestProtocolOp request = request(filter, requested, typesOnly);
            List<Entry> sentWhole = new ArrayList<>();
            List<Entry> sentNeeded = new ArrayList<>();
            SearchAnswer whole = new SearchAnswer(request, schema, sentWhole::add, 1000);
            SearchAnswer needed = new SearchAnswer(request, schema, sentNeeded::add, 1000);
            for (ContactDto contact : directory.book.contacts.values()) {
              // a filter the directory cannot match (extensible matching) is refused either way
              assertThat(offered(needed, entries.entryOf(contact, needed.needed())))
                  .isEqualTo(offered(whole, entries.entryOf(contact)));
              compared++;
            }
            assertThat(sentNeeded)
                .as("%s asking for %s, types only %s", filter, requested, typesOnly)
                .isEqualTo(sentWhole);
          }
        }
      }
      assertThat(compared).isGreaterThan(FILTERS.size() * REQUESTED.size() * 2 * 25);
    }
  }

  @Test
  void aSearchAsAnAddressIsTypedMakesOnlyTheAttributesItAsksForAndMatches() throws LDAPException {
    Schema schema = Schema.getDefaultStandardSchema();
    SearchAnswer answer =
        new SearchAnswer(
            request("(|(cn=carl*)(mail=carl*))", List.of("cn", "mail", "telephoneNumber"), false),
            schema,
            entry -> {},
            100);
    try (var directory = new TestDirectory(dir, Optional.empty(), 100)) {
      Entry made =
          new ContactEntries(new DN(TestDirectory.BASE))
              .entryOf(directory.book.contacts.get("carl"), answer.needed());

      assertThat(made.getAttributes())
          .extracting(Attribute::getName)
          .containsExactly("cn", "mail", "telephoneNumber");
    }
  }

  @Test
  void aFilterOnASupertypeOrOnNoAttributeNeedsEveryAttribute() throws LDAPException {
    Schema schema = Schema.getDefaultStandardSchema();
    for (String filter : List.of("(name=Carl Cello)", "(:caseIgnoreMatch:=Carl Cello)")) {
      NeededAttributes needed = NeededAttributes.of(List.of("uid"), Filter.create(filter), schema);
      assertThat(needed).as(filter).isSameAs(NeededAttributes.ALL);
    }
  }

  /** Whether the answer took the entry, or why it refused the search. */
  private static String offered(SearchAnswer answer, Entry entry) {
    try {
      return answer.offer(entry) ? "sent" : "not matched";
    } catch (LDAPException e) {
      return e.getResultCode() + ": " + e.getMessage();
    }
  }

  private static SearchRequestProtocolOp request(
      String filter, List<String> attributes, boolean typesOnly) throws LDAPException {
    return new SearchRequestProtocolOp(
        TestDirectory.BASE,
        SearchScope.ONE,
        DereferencePolicy.NEVER,
        0,
        0,
        typesOnly,
        Filter.create(filter),
        attributes);
  }
}
