package org.peerbook.agent.directory;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.ServerSideSortResponseControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;
import com.unboundid.ldap.sdk.controls.VirtualListViewResponseControl;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Server-side sort (RFC 2891) and the virtual list view (draft-ietf-ldapext-ldapv3-vlv-09) that
 * Outlook's "Enable Browsing" and Thunderbird scroll the book with. The directory keeps no index
 * per sort order: a sorted search reads every matching contact once, keeps only its id and
 * normalized sort values (at most {@link #MAX_SORTED} of them), sorts those, and reads back only
 * the entries it sends: the window, the page, or up to the size limit.
 *
 * <p>Values compare by the attribute's ordering rule in the standard schema (or the rule the sort
 * key names), a multi-valued attribute by its least value (its greatest when reversed), and an
 * entry without the attribute after every entry with it, as RFC 2891 says.
 */
final class SortedView {
  static final String SORT_OID = ServerSideSortRequestControl.SERVER_SIDE_SORT_REQUEST_OID;
  static final String VLV_OID = VirtualListViewRequestControl.VIRTUAL_LIST_VIEW_REQUEST_OID;

  /** Contacts a sorted search may match; more fail it with adminLimitExceeded. */
  static final int MAX_SORTED = 100_000;

  /**
   * Sort keys a search may give: each costs a value per match, so thousands of them would hold
   * hundreds of millions of values; clients send one or two.
   */
  static final int MAX_SORT_KEYS = 8;

  /** What the client asked for: the sort keys, whether sorting is critical, and a view. */
  record Request(
      List<SortKey> keys, boolean critical, Optional<VirtualListViewRequestControl> vlv) {}

  /** One matching entry: its contact id ({@code ""}: the base entry) and its sort values. */
  record Sorted(String id, ASN1OctetString[] values) {}

  /** The entries to send, {@code [from, to)} of the sorted list, and the controls that end it. */
  record Window(int from, int to, List<Control> controls) {}

  private final Request request;
  private final MatchingRule[] rules;
  private final Comparator<Sorted> order;

  private SortedView(Request request, MatchingRule[] rules) {
    this.request = request;
    this.rules = rules;
    Comparator<Sorted> byKeys = (a, b) -> 0;
    for (int i = 0; i < rules.length; i++) {
      int key = i;
      byKeys = byKeys.thenComparing((a, b) -> compare(a.values()[key], b.values()[key], key));
    }
    this.order = byKeys.thenComparing(Sorted::id);
  }

  /**
   * The sort and view {@code controls} ask for, if they ask for one.
   *
   * @throws LDAPException protocolError for a control that cannot be read; sortControlMissing for a
   *     view without a sort
   */
  static Optional<Request> of(List<Control> controls) throws LDAPException {
    ServerSideSortRequestControl sort = null;
    VirtualListViewRequestControl vlv = null;
    try {
      for (Control control : controls) {
        if (SORT_OID.equals(control.getOID())) {
          sort = new ServerSideSortRequestControl(control);
        } else if (VLV_OID.equals(control.getOID())) {
          vlv = new VirtualListViewRequestControl(control);
        }
      }
    } catch (LDAPException e) {
      throw new LDAPException(ResultCode.PROTOCOL_ERROR, e.getMessage(), e);
    }
    if (sort != null && sort.getSortKeys().length > MAX_SORT_KEYS) {
      throw new LDAPException(
          ResultCode.ADMIN_LIMIT_EXCEEDED, "at most " + MAX_SORT_KEYS + " sort keys");
    }
    if (vlv != null && sort == null) {
      throw new LDAPException(
          ResultCode.SORT_CONTROL_MISSING, "a virtual list view needs a server-side sort");
    }
    return sort == null
        ? Optional.empty()
        : Optional.of(
            new Request(List.of(sort.getSortKeys()), sort.isCritical(), Optional.ofNullable(vlv)));
  }

  /**
   * The view for {@code request}.
   *
   * @throws LDAPException inappropriateMatching when a sort key names a rule the schema does not
   *     know as an ordering rule for its attribute
   */
  static SortedView of(Request request, Schema schema) throws LDAPException {
    MatchingRule[] rules = new MatchingRule[request.keys().size()];
    for (int i = 0; i < rules.length; i++) {
      SortKey key = request.keys().get(i);
      if (key.getMatchingRuleID() != null
          && schema.getMatchingRule(key.getMatchingRuleID()) == null) {
        throw new LDAPException(
            ResultCode.INAPPROPRIATE_MATCHING,
            "no ordering rule " + key.getMatchingRuleID() + " for " + key.getAttributeName());
      }
      rules[i] =
          key.getMatchingRuleID() == null
              ? MatchingRule.selectOrderingMatchingRule(key.getAttributeName(), schema)
              : MatchingRule.selectOrderingMatchingRule(
                  key.getAttributeName(), key.getMatchingRuleID(), schema);
      if (rules[i] == null) {
        throw new LDAPException(
            ResultCode.INAPPROPRIATE_MATCHING, "no ordering rule for " + key.getAttributeName());
      }
    }
    return new SortedView(request, rules);
  }

  boolean critical() {
    return request.critical();
  }

  /** The sort values of one matching entry. */
  Sorted sorted(String id, Entry entry) {
    ASN1OctetString[] values = new ASN1OctetString[rules.length];
    for (int i = 0; i < rules.length; i++) {
      SortKey key = request.keys().get(i);
      Attribute attribute = entry.getAttribute(key.getAttributeName());
      values[i] = attribute == null ? null : extreme(attribute, i, key.reverseOrder());
    }
    return new Sorted(id, values);
  }

  /** Sorts {@code matches} in place, in the order asked for. */
  void sort(List<Sorted> matches) {
    matches.sort(order);
  }

  /**
   * Which of the {@code sorted} entries to send: the view's window around its target, or all.
   *
   * @param limit the most entries a view's window may hold (the server's size limit)
   */
  Window window(List<Sorted> sorted, int limit) {
    List<Control> controls = new ArrayList<>(2);
    controls.add(new ServerSideSortResponseControl(ResultCode.SUCCESS, null, false));
    if (request.vlv().isEmpty()) {
      return new Window(0, sorted.size(), controls);
    }
    VirtualListViewRequestControl vlv = request.vlv().get();
    int count = sorted.size();
    // 1-based, as the draft counts; count + 1 is "after the last"
    int target = vlv.getAssertionValue() == null ? byOffset(vlv, count) : byValue(vlv, sorted);
    int from = Math.max(1, target - Math.max(0, vlv.getBeforeCount()));
    int to = Math.min(count, target + Math.max(0, vlv.getAfterCount()));
    to = Math.min(to, from + limit - 1);
    controls.add(new VirtualListViewResponseControl(target, count, ResultCode.SUCCESS, null));
    return new Window(from - 1, Math.max(from - 1, to), controls);
  }

  /** The sort response of a search that was sorted without a view, or could not be (why). */
  static List<Control> sortResponse(ResultCode why) {
    return List.of(new ServerSideSortResponseControl(why, null, false));
  }

  private static int byOffset(VirtualListViewRequestControl vlv, int count) {
    int offset = Math.max(1, vlv.getTargetOffset());
    int contentCount = vlv.getContentCount();
    if (contentCount > 0 && contentCount != count) {
      // the client's idea of the size: the same fraction of the list (draft section 6.1)
      offset = (int) Math.round((double) offset * count / contentCount);
    }
    return Math.max(1, Math.min(offset, count + 1));
  }

  private int byValue(VirtualListViewRequestControl vlv, List<Sorted> sorted) {
    ASN1OctetString wanted = normalized(vlv.getAssertionValue(), 0);
    for (int i = 0; i < sorted.size(); i++) {
      if (compare(sorted.get(i).values()[0], wanted, 0) >= 0) {
        return i + 1;
      }
    }
    return sorted.size() + 1;
  }

  private ASN1OctetString extreme(Attribute attribute, int key, boolean greatest) {
    ASN1OctetString best = null;
    for (ASN1OctetString value : attribute.getRawValues()) {
      ASN1OctetString normal = normalized(value, key);
      if (normal == null) {
        continue;
      }
      int comparison = best == null ? -1 : normal.stringValue().compareTo(best.stringValue());
      if (best == null || (greatest ? comparison > 0 : comparison < 0)) {
        best = normal;
      }
    }
    return best;
  }

  private ASN1OctetString normalized(ASN1OctetString value, int key) {
    try {
      return rules[key].normalize(value);
    } catch (LDAPException e) {
      return null; // a value the rule cannot read sorts as absent
    }
  }

  /** By the key's normalized values, absent after present, reversed if asked. */
  private int compare(ASN1OctetString a, ASN1OctetString b, int key) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    int comparison = a.stringValue().compareTo(b.stringValue());
    return request.keys().get(key).reverseOrder() ? -comparison : comparison;
  }
}
