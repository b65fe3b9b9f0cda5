package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request controls as address books send them, through the UnboundID SDK as a client. */
class DirectoryControlsTest {
  private static final String BASE = TestDirectory.BASE;
  private static final int SIZE_LIMIT = 7;

  @TempDir Path dir;
  private TestDirectory directory;
  private LDAPConnection client;

  @BeforeEach
  void start() throws LDAPException {
    directory = new TestDirectory(dir, Optional.empty(), SIZE_LIMIT);
    client = new LDAPConnection("127.0.0.1", directory.port());
  }

  @AfterEach
  void stop() {
    client.close();
    directory.close();
  }

  @Test
  void pagesThroughTheWholeBookBeyondTheServerSizeLimitEachContactOnce() throws LDAPException {
    List<String> seen = new ArrayList<>();
    int pages = 0;
    ASN1OctetString cookie = null;
    do {
      SearchRequest page = new SearchRequest(BASE, SearchScope.SUB, "(objectClass=*)", "uid");
      page.addControl(new SimplePagedResultsControl(5, cookie));
      SearchResult result = client.search(page);
      assertThat(result.getResultCode()).isEqualTo(ResultCode.SUCCESS);
      assertThat(result.getEntryCount()).isLessThanOrEqualTo(5);
      result.getSearchEntries().stream().map(SearchResultEntry::getDN).forEach(seen::add);
      cookie = SimplePagedResultsControl.get(result).getCookie();
      pages++;
    } while (cookie.getValueLength() > 0);

    int contacts = 5 + TestDirectory.BULK;
    assertThat(seen)
        .as("the base entry and every contact")
        .hasSize(1 + contacts)
        .doesNotHaveDuplicates();
    assertThat(seen.get(0)).isEqualTo(BASE);
    assertThat(pages).isEqualTo((1 + contacts + 4) / 5);
  }

  @Test
  void aPageIsNoLargerThanTheServerSizeLimit() throws LDAPException {
    SearchRequest request = new SearchRequest(BASE, SearchScope.ONE, "(ou=Bulk)", "uid");
    request.addControl(new SimplePagedResultsControl(1000));

    SearchResult result = client.search(request);

    assertThat(result.getEntryCount()).isEqualTo(SIZE_LIMIT);
    assertThat(SimplePagedResultsControl.get(result).moreResultsToReturn()).isTrue();
  }

  @Test
  void aContactDeletedBetweenPagesSkipsNothingElse() throws LDAPException {
    SearchRequest first = new SearchRequest(BASE, SearchScope.ONE, "(ou=Bulk)", "uid");
    first.addControl(new SimplePagedResultsControl(3));
    SearchResult one = client.search(first);
    List<String> seen = new ArrayList<>(uids(one));
    // the last contact of the page leaves the book before the next page is read
    directory.book.delete(seen.get(2));
    directory.store.applyDelta(
        directory.book.entries(directory.store.version(), directory.book.log.size()),
        directory.book.head());

    ASN1OctetString cookie = SimplePagedResultsControl.get(one).getCookie();
    while (cookie.getValueLength() > 0) {
      SearchRequest next = new SearchRequest(BASE, SearchScope.ONE, "(ou=Bulk)", "uid");
      next.addControl(new SimplePagedResultsControl(3, cookie));
      SearchResult page = client.search(next);
      seen.addAll(uids(page));
      cookie = SimplePagedResultsControl.get(page).getCookie();
    }

    assertThat(seen).hasSize(TestDirectory.BULK).doesNotHaveDuplicates();
  }

  @Test
  void aPageSizeOfZeroEndsThePagedSearchWithNothingSent() throws LDAPException {
    SearchRequest request = new SearchRequest(BASE, SearchScope.ONE, "(ou=Bulk)");
    request.addControl(
        new SimplePagedResultsControl(
            0, new ASN1OctetString("p1:bulk03".getBytes(StandardCharsets.UTF_8))));

    SearchResult result = client.search(request);

    assertThat(result.getEntryCount()).isZero();
    assertThat(SimplePagedResultsControl.get(result).moreResultsToReturn()).isFalse();
  }

  @Test
  void aCookieThisDirectoryNeverGaveIsRefused() throws LDAPException {
    SearchRequest forged = new SearchRequest(BASE, SearchScope.ONE, "(ou=Bulk)");
    forged.addControl(
        new SimplePagedResultsControl(
            5, new ASN1OctetString("x".repeat(600).getBytes(StandardCharsets.UTF_8))));

    assertThatThrownBy(() -> client.search(forged))
        .isInstanceOfSatisfying(
            LDAPSearchException.class,
            e -> {
              assertThat(e.getResultCode()).isEqualTo(ResultCode.UNWILLING_TO_PERFORM);
              assertThat(e.getSearchEntries()).isEmpty();
            });
  }

  @Test
  void anUnknownCriticalControlFailsTheOperationAndAnUnknownOptionalOneIsIgnored()
      throws LDAPException {
    Control critical = new Control("1.3.6.1.4.1.99999.1", true);
    Control optional = new Control("1.3.6.1.4.1.99999.1", false);
    SearchRequest strict = new SearchRequest(BASE, SearchScope.ONE, "(uid=carl)");
    strict.addControl(critical);
    SearchRequest lenient = new SearchRequest(BASE, SearchScope.ONE, "(uid=carl)");
    lenient.addControl(optional);

    assertThatThrownBy(() -> client.search(strict))
        .isInstanceOfSatisfying(
            LDAPSearchException.class,
            e -> {
              assertThat(e.getResultCode()).isEqualTo(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION);
              assertThat(e.getSearchEntries()).as("not performed").isEmpty();
            });
    DeleteRequest delete = new DeleteRequest("uid=carl," + BASE);
    delete.addControl(critical);
    assertThatThrownBy(() -> client.delete(delete))
        .isInstanceOfSatisfying(
            LDAPException.class,
            e ->
                assertThat(e.getResultCode()).isEqualTo(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION));
    assertThat(client.search(lenient).getEntryCount()).isEqualTo(1);
  }

  @Test
  void theRootDseAdvertisesPagedResults() throws LDAPException {
    assertThat(client.getRootDSE().getSupportedControlOIDs())
        .contains(SimplePagedResultsControl.PAGED_RESULTS_OID);
  }

  private static List<String> uids(SearchResult result) {
    return result.getSearchEntries().stream().map(e -> e.getAttributeValue("uid")).toList();
  }
}
