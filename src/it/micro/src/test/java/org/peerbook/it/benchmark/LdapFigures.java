package org.peerbook.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;
import com.unboundid.ldap.sdk.controls.VirtualListViewResponseControl;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * The agent's LDAP directory over a whole book, as mail clients use it: searches as an address is
 * typed, and browsing sorted by name (the virtual list view behind Outlook's "Enable Browsing").
 */
final class LdapFigures {
  private static final String BASE = "ou=people,o=peerbook";
  private static final int SCREEN = 30;
  private static final int TYPED_MATCHES = 100;

  private LdapFigures() {}

  /** Prints the figures of the directory at {@code port}, holding {@code contacts} contacts. */
  static void print(int port, int contacts, int queries) throws LDAPException {
    Random random = new Random(13);
    try (LDAPConnection client = new LDAPConnection("127.0.0.1", port)) {
      double[] prefix =
          latencies(
              queries,
              () ->
                  find(
                      client,
                      "(|(cn=person "
                          + random.nextInt(1000)
                          + "*)(mail=p"
                          + random.nextInt(1000)
                          + "*))"));
      double[] mail =
          latencies(
              queries, () -> find(client, "(mail=p" + random.nextInt(contacts) + "@example.com)"));
      long firstStarted = System.nanoTime();
      SearchResult first = client.search(view(1, contacts, null));
      double firstScreen = (System.nanoTime() - firstStarted) / 1e6;
      assertThat(VirtualListViewResponseControl.get(first).getContentCount()).isEqualTo(contacts);
      assertThat(first.getEntryCount()).isEqualTo(SCREEN);
      double[] scrolled =
          latencies(
              queries, () -> client.search(view(1 + random.nextInt(contacts), contacts, null)));
      double[] typed =
          latencies(
              queries, () -> client.search(view(0, contacts, "person " + random.nextInt(1000))));
      AgentBenchmark.print("LDAP: name or e-mail prefix as typed (100 shown)", prefix, null);
      AgentBenchmark.print("LDAP: e-mail address", mail, null);
      System.out.printf(
          Locale.ROOT,
          "%-52s %8.0f ms  (reads and sorts all %d)%n",
          "LDAP: browse, first screen sorted by cn (VLV)",
          firstScreen,
          contacts);
      AgentBenchmark.print("LDAP: browse, a screen at a random offset", scrolled, null);
      AgentBenchmark.print("LDAP: browse, the screen at what was typed", typed, null);
    }
  }

  /** A search as an address is typed: mail clients ask for a few matches (Thunderbird 100). */
  private static SearchResult find(LDAPConnection client, String filter) throws LDAPException {
    SearchRequest search =
        new SearchRequest(BASE, SearchScope.ONE, filter, "cn", "mail", "telephoneNumber");
    search.setSizeLimit(TYPED_MATCHES);
    try {
      return client.search(search);
    } catch (LDAPSearchException e) {
      if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
        throw e;
      }
      return e.getSearchResult();
    }
  }

  /** A screen of the book sorted by name: at a 1-based offset, or at the first {@code typed}. */
  private static SearchRequest view(int offset, int contacts, String typed) throws LDAPException {
    SearchRequest view =
        new SearchRequest(BASE, SearchScope.ONE, "(objectClass=inetOrgPerson)", "cn", "mail");
    view.addControl(new ServerSideSortRequestControl(true, new SortKey("cn")));
    view.addControl(
        typed == null
            ? new VirtualListViewRequestControl(offset, 0, SCREEN - 1, contacts, null)
            : new VirtualListViewRequestControl(typed, 0, SCREEN - 1, null));
    return view;
  }

  private interface Search {
    SearchResult run() throws LDAPException;
  }

  private static double[] latencies(int queries, Search search) throws LDAPException {
    double[] millis = new double[queries];
    for (int i = 0; i < queries; i++) {
      long started = System.nanoTime();
      search.run();
      millis[i] = (System.nanoTime() - started) / 1e6;
    }
    Arrays.sort(millis);
    return millis;
  }
}
