package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.ServerSideSortResponseControl;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;
import com.unboundid.ldap.sdk.controls.VirtualListViewResponseControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Request controls as address books send them, through the UnboundID SDK as a ldap.client(). */
class DirectoryControlsTest {
  private static final String BASE = TestDirectory.BASE;
  private static final int SIZE_LIMIT = 7;

  @TempDir Path dir;

  @RegisterExtension
  final ConnectedDirectory ldap = new ConnectedDirectory(() -> dir, Optional.empty(), SIZE_LIMIT);

  @Test
  void pagesThroughTheWholeBookBeyondTheServerSizeLimitEachContactOnce() throws LDAPException {
    List<String> seen = new ArrayList<>();
    int pages = 0;
    ASN1OctetString cookie = null;
    do {
      SearchRequest page = new SearchRequest(BASE, SearchScope.SUB, "(objectClass=*)", "uid");
      page.addControl(new SimplePagedResultsControl(5, cookie));
      SearchResult result = ldap.client().search(page);
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

    SearchResult result = ldap.client().search(request);

    assertThat(result.getEntryCount()).isEqualTo(SIZE_LIMIT);
    assertThat(SimplePagedResultsControl.get(result).moreResultsToReturn()).isTrue();
  }

  @Test
  void aContactDeletedBetweenPagesSkipsNothingElse() throws LDAPException {
    SearchRequest first = new SearchRequest(BASE, SearchScope.ONE, "(ou=Bulk)", "uid");
    first.addControl(new SimplePagedResultsControl(3));
    SearchResult one = ldap.client().search(first);
    List<String> seen = new ArrayList<>(uids(one));
    // the last contact of the page leaves the book before the next page is read
    ldap.directory().book.delete(seen.get(2));
    ldap.directory().syncStore();

    ASN1OctetString cookie = SimplePagedResultsControl.get(one).getCookie();
    while (cookie.getValueLength() > 0) {
      SearchRequest next = new SearchRequest(BASE, SearchScope.ONE, "(ou=Bulk)", "uid");
      next.addControl(new SimplePagedResultsControl(3, cookie));
      SearchResult page = ldap.client().search(next);
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

    SearchResult result = ldap.client().search(request);

    assertThat(result.getEntryCount()).isZero();
    assertThat(SimplePagedResultsControl.get(result).moreResultsToReturn()).isFalse();
  }

  @Test
  void aCookieThisDirectoryNeverGaveIsRefused() throws LDAPException {
    SearchRequest forged = new SearchRequest(BASE, SearchScope.ONE, "(ou=Bulk)");
    forged.addControl(
        new SimplePagedResultsControl(
            5, new ASN1OctetString("x".repeat(600).getBytes(StandardCharsets.UTF_8))));

    assertThatThrownBy(() -> ldap.client().search(forged))
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

    assertThatThrownBy(() -> ldap.client().search(strict))
        .isInstanceOfSatisfying(
            LDAPSearchException.class,
            e -> {
              assertThat(e.getResultCode()).isEqualTo(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION);
              assertThat(e.getSearchEntries()).as("not performed").isEmpty();
            });
    DeleteRequest delete = new DeleteRequest("uid=carl," + BASE);
    delete.addControl(critical);
    assertThatThrownBy(() -> ldap.client().delete(delete))
        .isInstanceOfSatisfying(
            LDAPException.class,
            e ->
                assertThat(e.getResultCode()).isEqualTo(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION));
    assertThat(ldap.client().search(lenient).getEntryCount()).isEqualTo(1);
  }

  @Test
  void theRootDseAdvertisesPagedResultsSortAndVirtualListView() throws LDAPException {
    assertThat(ldap.client().getRootDSE().getSupportedControlOIDs())
        .contains(
            SimplePagedResultsControl.PAGED_RESULTS_OID,
            ServerSideSortRequestControl.SERVER_SIDE_SORT_REQUEST_OID,
            VirtualListViewRequestControl.VIRTUAL_LIST_VIEW_REQUEST_OID);
  }

  @Test
  void sortsByNameEitherWayWithEntriesLackingTheAttributeLast() throws LDAPException {
    SearchRequest byName = new SearchRequest(BASE, SearchScope.ONE, "(ou=Music)", "uid");
    byName.addControl(new ServerSideSortRequestControl(new SortKey("cn")));
    SearchRequest byGivenNameReversed =
        new SearchRequest(BASE, SearchScope.ONE, "(ou=Music)", "uid");
    byGivenNameReversed.addControl(
        new ServerSideSortRequestControl(new SortKey("givenName", true)));

    SearchResult ascending = ldap.client().search(byName);
    SearchResult reversed = ldap.client().search(byGivenNameReversed);

    assertThat(uids(ascending)).containsExactly("carl", "nosn");
    assertThat(ServerSideSortResponseControl.get(ascending).getResultCode())
        .isEqualTo(ResultCode.SUCCESS);
    assertThat(uids(reversed)).as("Prince has no given name").containsExactly("carl", "nosn");
  }

  @Test
  void sortsAcrossPagesOfAPagedSearch() throws LDAPException {
    List<String> names = new ArrayList<>();
    ASN1OctetString cookie = null;
    do {
      SearchRequest page = new SearchRequest(BASE, SearchScope.ONE, "(ou=Bulk)", "cn");
      page.addControl(new ServerSideSortRequestControl(new SortKey("cn", true)));
      page.addControl(new SimplePagedResultsControl(4, cookie));
      SearchResult result = ldap.client().search(page);
      result.getSearchEntries().forEach(e -> names.add(e.getAttributeValue("cn")));
      cookie = SimplePagedResultsControl.get(result).getCookie();
    } while (cookie.getValueLength() > 0);

    assertThat(names).hasSize(TestDirectory.BULK);
    assertThat(names.get(0)).isEqualTo("Bulk Person 25");
    assertThat(names).isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void aVirtualListViewShowsTheWindowAroundAnOffsetAsOutlookScrolls() throws LDAPException {
    SearchRequest view = new SearchRequest(BASE, SearchScope.ONE, "(ou=Bulk)", "cn");
    view.addControl(new ServerSideSortRequestControl(new SortKey("cn")));
    view.addControl(new VirtualListViewRequestControl(10, 1, 2, 0, null));

    SearchResult result = ldap.client().search(view);

    assertThat(result.getSearchEntries())
        .extracting(e -> e.getAttributeValue("cn"))
        .containsExactly("Bulk Person 09", "Bulk Person 10", "Bulk Person 11", "Bulk Person 12");
    VirtualListViewResponseControl answer = VirtualListViewResponseControl.get(result);
    assertThat(answer.getTargetPosition()).isEqualTo(10);
    assertThat(answer.getContentCount()).isEqualTo(TestDirectory.BULK);
  }

  @Test
  void aViewScrolledAgainAfterASyncShowsTheCopyAsItIsNow() throws LDAPException {
    SearchRequest view = new SearchRequest(BASE, SearchScope.ONE, "(ou=Bulk)", "cn");
    view.addControl(new ServerSideSortRequestControl(new SortKey("cn")));
    view.addControl(new VirtualListViewRequestControl(1, 0, 2, 0, null));
    assertThat(ldap.client().search(view).getSearchEntries())
        .extracting(e -> e.getAttributeValue("cn"))
        .containsExactly("Bulk Person 01", "Bulk Person 02", "Bulk Person 03");
    // the same screen again, from the kept sorted list
    assertThat(ldap.client().search(view).getSearchEntries()).hasSize(3);

    TestDirectory directory = ldap.directory();
    directory.book.upsert(
        TestDirectory.person("bulk00", "Bulk Person 00", null, null, "bulk00@x.org", "Bulk"));
    directory.book.delete("bulk02");
    directory.syncStore();
    SearchResult after = ldap.client().search(view);

    assertThat(after.getSearchEntries())
        .extracting(e -> e.getAttributeValue("cn"))
        .containsExactly("Bulk Person 00", "Bulk Person 01", "Bulk Person 03");
    assertThat(VirtualListViewResponseControl.get(after).getContentCount())
        .isEqualTo(TestDirectory.BULK);
  }

  @Test
  void aVirtualListViewFindsTheFirstEntryAtOrAfterWhatTheUserTyped() throws LDAPException {
    SearchRequest view = new SearchRequest(BASE, SearchScope.ONE, "(objectClass=person)", "cn");
    view.addControl(new ServerSideSortRequestControl(new SortKey("cn")));
    view.addControl(new VirtualListViewRequestControl("bulk person 2", 0, 1, null));

    SearchResult result = ldap.client().search(view);

    assertThat(result.getSearchEntries())
        .extracting(e -> e.getAttributeValue("cn"))
        .containsExactly("Bulk Person 20", "Bulk Person 21");
  }

  @Test
  void moreSortKeysThanTheBoundAreRefusedBeforeAnyEntryIsRead() throws LDAPException {
    SortKey[] keys = new SortKey[SortedView.MAX_SORT_KEYS + 1];
    java.util.Arrays.fill(keys, new SortKey("cn"));
    SearchRequest greedy = new SearchRequest(BASE, SearchScope.ONE, "(ou=Bulk)", "cn");
    greedy.addControl(new ServerSideSortRequestControl(keys));

    assertThatThrownBy(() -> ldap.client().search(greedy))
        .isInstanceOfSatisfying(
            LDAPSearchException.class,
            e -> {
              assertThat(e.getResultCode()).isEqualTo(ResultCode.ADMIN_LIMIT_EXCEEDED);
              assertThat(e.getSearchEntries()).isEmpty();
            });
  }

  @Test
  void aVirtualListViewWithoutASortIsRefused() throws LDAPException {
    SearchRequest view = new SearchRequest(BASE, SearchScope.ONE, "(ou=Bulk)", "cn");
    view.addControl(new VirtualListViewRequestControl(1, 0, 2, 0, null));

    assertThatThrownBy(() -> ldap.client().search(view))
        .isInstanceOfSatisfying(
            LDAPSearchException.class,
            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.SORT_CONTROL_MISSING));
  }

  @Test
  void aSortByARuleItCannotUseFailsWhenCriticalAndIsSkippedWhenNot() throws LDAPException {
    SearchRequest critical = new SearchRequest(BASE, SearchScope.ONE, "(ou=Music)", "uid");
    critical.addControl(
        new ServerSideSortRequestControl(true, new SortKey("cn", "1.3.6.1.4.1.99999.7", false)));
    SearchRequest optional = new SearchRequest(BASE, SearchScope.ONE, "(ou=Music)", "uid");
    optional.addControl(
        new ServerSideSortRequestControl(false, new SortKey("cn", "1.3.6.1.4.1.99999.7", false)));

    assertThatThrownBy(() -> ldap.client().search(critical))
        .isInstanceOfSatisfying(
            LDAPSearchException.class,
            e -> {
              assertThat(e.getResultCode()).isEqualTo(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION);
              assertThat(e.getSearchEntries()).isEmpty();
            });
    SearchResult unsorted = ldap.client().search(optional);
    assertThat(unsorted.getEntryCount()).isEqualTo(2);
    assertThat(ServerSideSortResponseControl.get(unsorted).getResultCode())
        .isEqualTo(ResultCode.INAPPROPRIATE_MATCHING);
  }

  private static List<String> uids(SearchResult result) {
    return result.getSearchEntries().stream().map(e -> e.getAttributeValue("uid")).toList();
  }
}
