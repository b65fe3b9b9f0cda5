package org.peerbook.agent.directory;

import com.unboundid.ldap.listener.SearchEntryParer;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.Optional;
import org.peerbook.agent.store.Candidates;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.store.StoreException;
import org.peerbook.protocol.ContactDto;

/**
 * Answers one search from the local copy: the root DSE, the base entry and the contacts under it.
 * Contacts come from the store a page at a time, narrowed by {@link FilterCandidates} and checked
 * with the filter itself under the standard schema's matching rules (case-insensitive names and
 * addresses, phone numbers without spaces and hyphens), so memory stays flat whatever the book's
 * size. It stops at the size limit, the smaller of the client's and the server's, and then says
 * sizeLimitExceeded after the entries up to it, as directory servers do. A paged search ({@link
 * PagedResults}) sends a page of at most the server's size limit instead, and the cookie of the
 * next: paging, a client reads the whole book.
 */
final class DirectorySearch {
  private static final int PAGE = 200;
  private static final Schema SCHEMA = standardSchema();

  /** Where matching entries go: to the client, as they are found. */
  interface Sink {
    void send(Entry entry) throws LDAPException;
  }

  /** How a search ended, and the control that goes with its end ({@code null}: none). */
  record Outcome(ResultCode code, String matchedDn, String message, Control control) {
    Outcome(ResultCode code, String matchedDn, String message) {
      this(code, matchedDn, message, null);
    }

    static Outcome success() {
      return new Outcome(ResultCode.SUCCESS, null, null);
    }

    Outcome with(Control endControl) {
      return new Outcome(code, matchedDn, message, endControl);
    }
  }

  private final LocalStore store;
  private final ContactEntries entries;
  private final int sizeLimit;

  DirectorySearch(LocalStore store, ContactEntries entries, int sizeLimit) {
    this.store = store;
    this.entries = entries;
    this.sizeLimit = sizeLimit;
  }

  Outcome run(SearchRequestProtocolOp request, Sink sink) {
    return run(request, Optional.empty(), sink);
  }

  /** Runs a search, one page of it if {@code page} is given. */
  Outcome run(SearchRequestProtocolOp request, Optional<PagedResults.Page> page, Sink sink) {
    DN base;
    try {
      base = new DN(request.getBaseDN(), SCHEMA);
    } catch (LDAPException e) {
      return new Outcome(ResultCode.INVALID_DN_SYNTAX, null, "not a DN: " + request.getBaseDN());
    }
    if (page.isPresent() && page.get().size() == 0) {
      // the client abandons its paged search: nothing is held for it, nothing to free
      return Outcome.success().with(PagedResults.response(Optional.empty()));
    }
    int limit =
        page.map(p -> Math.min(p.size(), sizeLimit))
            .orElse(
                request.getSizeLimit() > 0
                    ? Math.min(request.getSizeLimit(), sizeLimit)
                    : sizeLimit);
    long deadline =
        request.getTimeLimit() > 0
            ? System.nanoTime() + request.getTimeLimit() * 1_000_000_000L
            : Long.MAX_VALUE;
    Answer answer = new Answer(request, sink, limit);
    try {
      Outcome outcome =
          search(base, request.getScope(), answer, deadline, page.map(PagedResults.Page::after));
      return page.isPresent() ? outcome.with(PagedResults.response(Optional.empty())) : outcome;
    } catch (SizeLimitReached e) {
      if (page.isPresent()) {
        return Outcome.success().with(PagedResults.response(Optional.of(answer.lastSent)));
      }
      return new Outcome(
          ResultCode.SIZE_LIMIT_EXCEEDED, null, "more than " + limit + " entries match");
    } catch (LDAPException e) {
      return new Outcome(e.getResultCode(), null, e.getMessage());
    } catch (StoreException e) {
      return new Outcome(
          ResultCode.OTHER, null, "the local copy cannot be read: " + e.getMessage());
    }
  }

  /**
   * @param pagedAfter on a later page of a paged search, where the last one ended ({@code ""}: at
   *     the base entry)
   */
  private Outcome search(
      DN requested, SearchScope scope, Answer answer, long deadline, Optional<String> pagedAfter)
      throws LDAPException {
    boolean self = scope == SearchScope.BASE || scope == SearchScope.SUB;
    boolean below = scope != SearchScope.BASE;
    if (requested.isNullDN() && scope == SearchScope.BASE) {
      answer.offer(entries.rootDse());
      return Outcome.success();
    }
    if (requested.equals(entries.base())) {
      if (self && pagedAfter.isEmpty() && answer.offer(entries.baseEntry())) {
        answer.lastSent = "";
      }
      return below
          ? contacts(answer, deadline, pagedAfter.filter(id -> !id.isEmpty()).orElse(null))
          : Outcome.success();
    }
    Optional<String> id = entries.idOf(requested);
    Optional<ContactDto> contact = id.flatMap(store::contact);
    if (contact.isPresent()) {
      if (self) {
        answer.offer(entries.entryOf(contact.get()));
      }
      return Outcome.success();
    }
    boolean under = requested.isDescendantOf(entries.base(), false);
    return new Outcome(
        ResultCode.NO_SUCH_OBJECT,
        under ? entries.base().toString() : null,
        "no entry " + requested + "; the book is under " + entries.base());
  }

  /** The contacts that match, in id order, from after {@code startAfter} ({@code null}: all). */
  private Outcome contacts(Answer answer, long deadline, String startAfter) throws LDAPException {
    Candidates candidates = FilterCandidates.of(answer.filter);
    Optional<String> after = Optional.ofNullable(startAfter);
    do {
      LocalStore.Page page = store.candidates(candidates, after.orElse(null), PAGE);
      for (ContactDto contact : page.contacts()) {
        if (answer.offer(entries.entryOf(contact))) {
          answer.lastSent = contact.id();
        }
      }
      after = page.next();
      if (after.isPresent() && System.nanoTime() - deadline > 0) {
        return new Outcome(ResultCode.TIME_LIMIT_EXCEEDED, null, "the client's time limit passed");
      }
    } while (after.isPresent());
    return Outcome.success();
  }

  /** Sends what matches, pared to the requested attributes, up to the limit. */
  private static final class Answer {
    private final Filter filter;
    private final SearchEntryParer parer;
    private final boolean typesOnly;
    private final Sink sink;
    private final int limit;
    private int sent;
    // the id of the last contact sent, "" after the base entry: where the next page starts
    String lastSent = "";

    Answer(SearchRequestProtocolOp request, Sink sink, int limit) {
      this.filter = approximateAsEquality(request.getFilter());
      this.parer = new SearchEntryParer(request.getAttributes(), SCHEMA);
      this.typesOnly = request.typesOnly();
      this.sink = sink;
      this.limit = limit;
    }

    /** Sends {@code entry} if it matches; whether it did. */
    boolean offer(Entry entry) throws LDAPException {
      boolean matches;
      try {
        matches = filter.matchesEntry(entry, SCHEMA);
      } catch (LDAPException e) {
        throw new LDAPException(
            ResultCode.UNWILLING_TO_PERFORM, "cannot match this filter: " + e.getMessage(), e);
      }
      if (!matches) {
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
  private static final class SizeLimitReached extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SizeLimitReached() {
      super(null, null, false, false);
    }
  }

  private static Schema standardSchema() {
    try {
      return Schema.getDefaultStandardSchema();
    } catch (LDAPException e) {
      throw new IllegalStateException("the LDAP SDK's standard schema cannot be read", e);
    }
  }
}
