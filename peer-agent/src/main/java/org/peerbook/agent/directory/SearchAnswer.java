package org.peerbook.agent.directory;

import com.unboundid.ldap.listener.SearchEntryParer;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.schema.Schema;

/** One search's answer: what matches, pared to the requested attributes, sent up to the limit. */
final class SearchAnswer {
  private final Filter filter;
  private final NeededAttributes needed;
  private final Schema schema;
  private final SearchEntryParer parer;
  private final boolean typesOnly;
  private final DirectorySearch.Sink sink;
  private final int limit;
  private int sent;
  // the id of the last contact sent, "" after the base entry: where the next page starts
  String lastSent = "";

  SearchAnswer(
      SearchRequestProtocolOp request, Schema schema, DirectorySearch.Sink sink, int limit) {
    this.filter = approximateAsEquality(request.getFilter());
    this.needed = NeededAttributes.of(request.getAttributes(), filter, schema);
    this.schema = schema;
    this.parer = new SearchEntryParer(request.getAttributes(), schema);
    this.typesOnly = request.typesOnly();
    this.sink = sink;
    this.limit = limit;
  }

  /** The filter, approximate matches read as equality. */
  Filter filter() {
    return filter;
  }

  /** The attributes of a contact's entry this answer matches and sends. */
  NeededAttributes needed() {
    return needed;
  }

  /** The most entries this answer sends. */
  int limit() {
    return limit;
  }

  /**
   * How many more entries this answer can take before it knows the limit is passed: the entries it
   * may still send, and one more to tell that more match.
   */
  int wanted() {
    return limit - sent + 1;
  }

  boolean matches(Entry entry) throws LDAPException {
    try {
      return filter.matchesEntry(entry, schema);
    } catch (LDAPException e) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM, "cannot match this filter: " + e.getMessage(), e);
    }
  }

  /** Sends {@code entry} if it matches; whether it did. */
  boolean offer(Entry entry) throws LDAPException {
    if (!matches(entry)) {
      return false;
    }
    if (sent == limit) {
      throw new SizeLimitReached();
    }
    Entry pared = parer.pareEntry(entry);
    if (typesOnly) {
      Entry names = new Entry(pared.getDN());
      for (Attribute attribute : pared.getAttributes()) {
        names.addAttribute(new Attribute(attribute.getName()));
      }
      pared = names;
    }
    sink.send(pared);
    sent++;
    return true;
  }

  /**
   * Approximate matches ({@code ~=}) as equality, as many small servers do: the SDK cannot match
   * them, and some address books send them.
   */
  static Filter approximateAsEquality(Filter filter) {
    switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_AND:
        return Filter.createANDFilter(approximateAsEquality(filter.getComponents()));
      case Filter.FILTER_TYPE_OR:
        return Filter.createORFilter(approximateAsEquality(filter.getComponents()));
      case Filter.FILTER_TYPE_NOT:
        return Filter.createNOTFilter(approximateAsEquality(filter.getNOTComponent()));
      case Filter.FILTER_TYPE_APPROXIMATE_MATCH:
        return Filter.createEqualityFilter(
            filter.getAttributeName(), filter.getAssertionValueBytes());
      default:
        return filter;
    }
  }

  private static Filter[] approximateAsEquality(Filter[] filters) {
    Filter[] exact = new Filter[filters.length];
    for (int i = 0; i < filters.length; i++) {
      exact[i] = approximateAsEquality(filters[i]);
    }
    return exact;
  }

  /** One more entry matches than the limit allows. */
  static final class SizeLimitReached extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SizeLimitReached() {
      super(null, null, false, false);
    }
  }
}
