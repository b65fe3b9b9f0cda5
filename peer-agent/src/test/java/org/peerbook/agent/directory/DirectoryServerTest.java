package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The directory over a real store, asked by the LDAP SDK's own client over loopback TCP. The cases
 * here only read, so they share one directory; {@link DirectoryDuringSyncTest} changes the copy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryServerTest {
  private static final String BASE = TestDirectory.BASE;
  private static final int SIZE_LIMIT = 10;

  private TestDirectory directory;
  private LDAPConnection client;

  @BeforeAll
  void start(@TempDir Path dir) throws LDAPException {
    directory = new TestDirectory(dir, Optional.empty(), SIZE_LIMIT);
    client = new LDAPConnection("127.0.0.1", directory.port());
  }

  @AfterAll
  void stop() {
    client.close();
    directory.close();
  }

  @ParameterizedTest(name = "{0} finds {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "(cn=Carl Cello);carl",
        "(CN=carl   CELLO);carl",
        "(cn=car*);carl",
        "(cn=*cel*);carl",
        "(sn=*ström);anna",
        "(sn=ångström);anna",
        "(givenName=ANNA);anna",
        "(cn=张伟);zhang",
        "(cn=张*);zhang",
        "(givenName=伟);zhang",
        "(cn=josé*);jose",
        "(cn=*Álvarez);jose",
        "(mail=carl@example.com);carl",
        "(mail=CARL.cello@*);carl",
        "(mail=zhang*);zhang",
        "(mail=*@example.se);anna",
        "(ou=研发);zhang",
        "(ou=sales emea);jose",
        "(ou=sales*);jose",
        "(telephoneNumber=*555-0100);carl",
        "(telephoneNumber=+41 \\2822\\29*);carl",
        "(telephoneNumber=*5-01*);carl",
        "(telephoneNumber=+41 22 555 0100);carl",
        "(telephoneNumber=*0101);",
        "(mobile=+41795550101);carl",
        "(title=*);carl",
        "(manager=uid=anna,ou=people,o=peerbook);carl",
        "(&(ou=Music)(mail=*@example.com));carl,nosn",
        "(|(cn=张*)(mail=anna@*));anna,zhang",
        "(&(ou=Music)(!(cn=Carl*)));nosn",
        "(&(objectClass=inetOrgPerson)(|(cn=pri*)(sn=pri*)(mail=pri*)));nosn",
        "(sn=Prince);nosn",
        "(|(cn~=carl cello)(mail~=ANNA@example.se));anna,carl",
        "(cn=nobody*);",
        "(&(cn=*)(!(objectClass=person)));"
      })
  void findsContactsByFilter(String filter, String ids) throws LDAPException {
    SearchResult result = client.search(BASE, SearchScope.SUB, filter, "uid");

    assertThat(result.getResultCode()).isEqualTo(ResultCode.SUCCESS);
    assertThat(result.getSearchEntries())
        .extracting(entry -> entry.getAttributeValue("uid"))
        .containsExactlyInAnyOrderElementsOf(ids == null ? List.of() : List.of(ids.split(",")));
  }

  @Test
  void mapsAContactToAnInetOrgPerson() throws LDAPException {
    SearchResultEntry carl = client.getEntry("uid=carl," + BASE);

    assertThat(carl.getObjectClassValues())
        .containsExactly("top", "person", "organizationalPerson", "inetOrgPerson");
    assertThat(carl.getAttributeValue("cn")).isEqualTo("Carl Cello");
    assertThat(carl.getAttributeValue("sn")).isEqualTo("Cello");
    assertThat(carl.getAttributeValue("givenName")).isEqualTo("Carl");
    assertThat(carl.getAttributeValues("mail"))
        .containsExactly("Carl@Example.com", "carl.cello@music.example");
    assertThat(carl.getAttributeValue("telephoneNumber")).isEqualTo("+41 (22) 555-0100");
    assertThat(carl.getAttributeValue("mobile")).isEqualTo("+41 79 555 0101");
    assertThat(carl.getAttributeValue("o")).isEqualTo("PeerBook AG");
    assertThat(carl.getAttributeValue("ou")).isEqualTo("Music");
    assertThat(carl.getAttributeValue("title")).isEqualTo("Cellist");
    assertThat(carl.getAttributeValue("l")).isEqualTo("Geneva");
    assertThat(carl.getAttributeValue("physicalDeliveryOfficeName")).isEqualTo("Geneva");
    // person requires sn: without a family name it is the whole name
    assertThat(client.getEntry("uid=nosn," + BASE).getAttributeValue("sn")).isEqualTo("Prince");
  }

  @Test
  void returnsOnlyTheRequestedAttributes() throws LDAPException {
    SearchResultEntry some = client.getEntry("uid=zhang," + BASE, "cn", "MAIL");
    SearchResultEntry none = client.getEntry("uid=zhang," + BASE, "1.1");

    assertThat(some.getAttributes())
        .extracting(Attribute::getName)
        .containsExactlyInAnyOrder("cn", "mail");
    assertThat(some.getAttributeValue("cn")).isEqualTo("张伟");
    assertThat(none.getAttributes()).isEmpty();
  }

  @Test
  void sendsOnlyAttributeNamesWhenAskedForTypesOnly() throws LDAPException {
    SearchRequest types = new SearchRequest(BASE, SearchScope.SUB, "(uid=anna)", "cn", "mail");
    types.setTypesOnly(true);

    SearchResultEntry anna = client.search(types).getSearchEntries().get(0);

    assertThat(anna.getAttributes())
        .extracting(Attribute::getName)
        .containsExactlyInAnyOrder("cn", "mail");
    assertThat(anna.getAttributes()).allSatisfy(a -> assertThat(a.hasValue()).isFalse());
  }

  @Test
  void refusesFiltersItCannotMatch() {
    assertThatThrownBy(
            () -> client.search(BASE, SearchScope.SUB, "(cn:caseExactMatch:=Carl Cello)"))
        .isInstanceOfSatisfying(
            LDAPSearchException.class,
            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.UNWILLING_TO_PERFORM));
  }

  @Test
  void answersBaseOneLevelAndSubtreeScopes() throws LDAPException {
    SearchResult base = client.search(BASE, SearchScope.BASE, "(objectClass=*)");
    SearchResult contact = client.search("uid=anna," + BASE, SearchScope.BASE, "(objectClass=*)");
    SearchResult underContact = client.search("uid=anna," + BASE, SearchScope.ONE, "(cn=*)");
    SearchResult one = client.search(BASE, SearchScope.ONE, "(ou=Music)");
    SearchResult sub = client.search(BASE, SearchScope.SUB, "(|(ou=people)(ou=Music))");

    assertThat(base.getSearchEntries()).singleElement();
    assertThat(base.getSearchEntries().get(0).getObjectClassValues())
        .contains("organizationalUnit");
    assertThat(base.getSearchEntries().get(0).getAttributeValue("ou")).isEqualTo("people");
    assertThat(contact.getSearchEntries())
        .singleElement()
        .extracting(SearchResultEntry::getDN)
        .isEqualTo("uid=anna," + BASE);
    assertThat(underContact.getSearchEntries()).isEmpty();
    assertThat(one.getEntryCount()).isEqualTo(2);
    assertThat(sub.getSearchEntries())
        .extracting(SearchResultEntry::getDN)
        .containsExactlyInAnyOrder(BASE, "uid=carl," + BASE, "uid=nosn," + BASE);
    assertThat(client.getRootDSE().getNamingContextDNs()).containsExactly(BASE);
  }

  @Test
  void saysNoSuchObjectForWhatIsNotThere() {
    assertThatThrownBy(() -> client.search("uid=ghost," + BASE, SearchScope.BASE, "(cn=*)"))
        .isInstanceOfSatisfying(
            LDAPSearchException.class,
            e -> {
              assertThat(e.getResultCode()).isEqualTo(ResultCode.NO_SUCH_OBJECT);
              assertThat(e.getMatchedDN()).isEqualTo(BASE);
            });
    assertThatThrownBy(() -> client.search("o=elsewhere", SearchScope.SUB, "(cn=*)"))
        .isInstanceOfSatisfying(
            LDAPSearchException.class,
            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.NO_SUCH_OBJECT));
  }

  @Test
  void stopsAtTheServerSizeLimitWithSizeLimitExceeded() {
    assertThatThrownBy(() -> client.search(BASE, SearchScope.SUB, "(ou=Bulk)"))
        .isInstanceOfSatisfying(
            LDAPSearchException.class,
            e -> {
              assertThat(e.getResultCode()).isEqualTo(ResultCode.SIZE_LIMIT_EXCEEDED);
              assertThat(e.getSearchEntries()).hasSize(SIZE_LIMIT);
            });
  }

  @Test
  void stopsAtTheClientsSizeLimitWhenItIsSmaller() throws LDAPException {
    SearchRequest three = new SearchRequest(BASE, SearchScope.SUB, "(cn=bulk*)");
    three.setSizeLimit(3);
    SearchRequest enough = new SearchRequest(BASE, SearchScope.SUB, "(cn=bulk person 0*)");
    enough.setSizeLimit(9);

    assertThatThrownBy(() -> client.search(three))
        .isInstanceOfSatisfying(
            LDAPSearchException.class,
            e -> {
              assertThat(e.getResultCode()).isEqualTo(ResultCode.SIZE_LIMIT_EXCEEDED);
              assertThat(e.getSearchEntries()).hasSize(3);
            });
    // exactly the limit is no excess
    assertThat(client.search(enough).getEntryCount()).isEqualTo(9);
  }

  @Test
  void refusesEveryChange() {
    String anna = "uid=anna," + BASE;
    assertRefused(
        () ->
            client.add(
                "uid=new," + BASE,
                new Attribute("objectClass", "person"),
                new Attribute("sn", "N")));
    assertRefused(
        () -> client.modify(anna, new Modification(ModificationType.REPLACE, "sn", "Other")));
    assertRefused(() -> client.delete(new DeleteRequest(anna)));
    assertRefused(() -> client.modifyDN(anna, "uid=anne", true));
    assertThat(directory.store.contact("anna")).isPresent();
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable change) {
    assertThatThrownBy(change)
        .isInstanceOfSatisfying(
            LDAPException.class,
            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.UNWILLING_TO_PERFORM));
  }

  @Test
  void refusesToStartOnAPortInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      var settings =
          new DirectorySettings(
              new InetSocketAddress("127.0.0.1", taken.getLocalPort()), BASE, Optional.empty(), 5);
      assertThatThrownBy(() -> new DirectoryServer(settings, directory.store))
          .isInstanceOf(DirectoryUnavailableException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void listensOnLoopback() {
    assertThat(directory.server.address().getAddress().isLoopbackAddress()).isTrue();
  }
}
