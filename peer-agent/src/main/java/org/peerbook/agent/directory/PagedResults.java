package org.peerbook.agent.directory;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Simple paged results (RFC 2696), as Outlook, Thunderbird and {@code ldapsearch -E pr=…} page
 * through a large address book. The server keeps no state between pages: the cookie names the last
 * contact sent, and the next page starts after it in the contacts' id order, so a page never
 * repeats or skips a contact that stayed in the book however the copy changed in between.
 *
 * <p>A cookie is {@code p1:} and a contact id in UTF-8 ({@code p1:} alone: the base entry was sent,
 * no contact yet), or in a sorted search ({@link SortedView}) {@code s1:} and the position in the
 * sorted list where the next page starts. Anything else, or longer than {@link #MAX_COOKIE} bytes,
 * is refused with unwillingToPerform: it is not a cookie this directory gave.
 */
final class PagedResults {
  static final String OID = SimplePagedResultsControl.PAGED_RESULTS_OID;
  static final int MAX_COOKIE = 512;
  private static final String FORM = "p1:";
  private static final String SORTED_FORM = "s1:";

  /**
   * One page asked for.
   *
   * @param size entries on this page; 0 ends the paged search (RFC 2696 3)
   * @param after {@code null} on the first page, else the contact id the last page ended at ({@code
   *     ""} when it ended at the base entry)
   * @param offset in a sorted search, where in the sorted list this page starts
   */
  record Page(int size, String after, int offset) {}

  private PagedResults() {}

  /** The page {@code control} asks for. */
  static Page of(Control control) throws LDAPException {
    SimplePagedResultsControl paged;
    try {
      paged = new SimplePagedResultsControl(OID, control.isCritical(), control.getValue());
    } catch (LDAPException e) {
      throw new LDAPException(
          ResultCode.PROTOCOL_ERROR, "not a paged results control: " + e.getMessage(), e);
    }
    byte[] cookie = paged.getCookie() == null ? new byte[0] : paged.getCookie().getValue();
    if (cookie.length == 0) {
      return new Page(paged.getSize(), null, 0);
    }
    String text = new String(cookie, StandardCharsets.UTF_8);
    if (cookie.length <= MAX_COOKIE && text.startsWith(FORM)) {
      return new Page(paged.getSize(), text.substring(FORM.length()), 0);
    }
    if (text.matches("s1:[0-9]{1,9}")) {
      return new Page(
          paged.getSize(), null, Integer.parseInt(text.substring(SORTED_FORM.length())));
    }
    throw new LDAPException(
        ResultCode.UNWILLING_TO_PERFORM, "not a paged results cookie this directory gave");
  }

  /** The control that ends a page of a sorted search: where the next starts, if there is one. */
  static Control responseAt(Optional<Integer> nextOffset) {
    return ending(nextOffset.map(at -> SORTED_FORM + at));
  }

  /**
   * The control that ends a page: the cookie of the next one, or an empty cookie when the search
   * has no more entries.
   */
  static Control response(Optional<String> nextAfter) {
    return ending(nextAfter.map(after -> FORM + after));
  }

  private static Control ending(Optional<String> cookie) {
    return new SimplePagedResultsControl(
        0,
        cookie
            .map(text -> new ASN1OctetString(text.getBytes(StandardCharsets.UTF_8)))
            .orElseGet(ASN1OctetString::new),
        false);
  }
}
