package org.peerbook.agent.directory;

import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.peerbook.agent.store.CandidatePages;
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
  static final int PAGE = 200;

  /**
   * How many candidates a search not paged reads first, per entry it still wants: most candidates
   * of a prefix match; only if these do not fill the answer are the others read.
   */
  private static final int LIKELY_READ = 4;

  private static final Schema SCHEMA = standardSchema();

  /** Where matching entries go: to the client, as they are found. */
  interface Sink {
    void send(Entry entry) throws LDAPException;
  }

  /** How a search ended, and the controls that go with its end. */
  record Outcome(ResultCode code, String matchedDn, String message, List<Control> controls) {
    Outcome(ResultCode code, String matchedDn, String message) {
      this(code, matchedDn, message, List.of());
    }

    static Outcome success() {
      return new Outcome(ResultCode.SUCCESS, null, null);
    }

    static Outcome timeLimitExceeded() {
      return new Outcome(
          ResultCode.TIME_LIMIT_EXCEEDED,
          null,
          "the time limit passed (the client's, or the directory's own)");
    }

    Outcome with(Control endControl) {
      return with(List.of(endControl));
    }

    Outcome with(List<Control> endControls) {
      List<Control> all = new ArrayList<>(controls);
      all.addAll(endControls);
      return new Outcome(code, matchedDn, message, List.copyOf(all));
    }
  }

  private final LocalStore store;
  private final ContactEntries entries;
  private final int sizeLimit;
  private final Duration timeLimit;
  private final SortedSearch sorted;

  /**
   * @param sizeLimit the most entries one search sends (a page, with paged results)
   * @param timeLimit the longest one search may take, whatever the client asks
   */
  DirectorySearch(LocalStore store, ContactEntries entries, int sizeLimit, Duration timeLimit) {
    this.store = store;
    this.entries = entries;
    this.sizeLimit = sizeLimit;
    this.timeLimit = timeLimit;
    this.sorted = new SortedSearch(store, entries, sizeLimit, SCHEMA);
  }

  Outcome run(SearchRequestProtocolOp request, Sink sink) {
    return run(request, Optional.empty(), Optional.empty(), sink);
  }

  /**
   * Runs a search: one page of it if {@code page} is given, sorted (and one view of it) if {@code
   * sort} is.
   */
  Outcome run(
      SearchRequestProtocolOp request,
      Optional<PagedResults.Page> page,
      Optional<SortedView.Request> sort,
      Sink sink) {
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
    Duration allowed =
        request.getTimeLimit() > 0 && request.getTimeLimit() < timeLimit.toSeconds()
            ? Duration.ofSeconds(request.getTimeLimit())
            : timeLimit;
    long deadline = System.nanoTime() + allowed.toNanos();
    SearchAnswer answer = new SearchAnswer(request, SCHEMA, sink, limit);
    List<Control> sortControls = List.of();
    try {
      if (sort.isPresent()) {
        boolean contacts = base.equals(entries.base()) && request.getScope() != SearchScope.BASE;
        if (!contacts) {
          // one entry at most: it is sorted
          sortControls = SortedView.sortResponse(ResultCode.SUCCESS);
        } else {
          try {
            return sorted.run(sort.get(), request.getScope(), answer, deadline, page);
          } catch (SortedSearch.CannotSort e) {
            if (sort.get().critical()) {
              return new Outcome(
                  ResultCode.UNAVAILABLE_CRITICAL_EXTENSION,
                  null,
                  e.getMessage(),
                  SortedView.sortResponse(e.code()));
            }
            // nothing was sent yet: the entries go unsorted, as RFC 2891 allows
            sortControls = SortedView.sortResponse(e.code());
          }
        }
      }
      Outcome outcome =
          search(base, request.getScope(), answer, deadline, page.map(PagedResults.Page::after))
              .with(sortControls);
      return page.isPresent() ? outcome.with(PagedResults.response(Optional.empty())) : outcome;
    } catch (SearchAnswer.SizeLimitReached e) {
      if (page.isPresent()) {
        return Outcome.success()
            .with(sortControls)
            .with(PagedResults.response(Optional.of(answer.lastSent)));
      }
      return new Outcome(
              ResultCode.SIZE_LIMIT_EXCEEDED, null, "more than " + limit + " entries match")
          .with(sortControls);
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
      DN requested,
      SearchScope scope,
      SearchAnswer answer,
      long deadline,
      Optional<String> pagedAfter)
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
      if (!below) {
        return Outcome.success();
      }
      return pagedAfter.isPresent()
          ? contacts(answer, deadline, store.candidates(filtered(answer), after(pagedAfter)))
          // a search not paged takes its entries in any order: the first candidates found
          : contacts(
              answer,
              deadline,
              store.candidatesInAnyOrder(filtered(answer), LIKELY_READ * answer.wanted()));
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

  private static Candidates filtered(SearchAnswer answer) {
    return FilterCandidates.of(answer.filter());
  }

  /** Where a later page of a paged search starts: after this contact id ({@code null}: first). */
  private static String after(Optional<String> pagedAfter) {
    return pagedAfter.filter(id -> !id.isEmpty()).orElse(null);
  }

  /** The contacts of {@code pages} that match, as many as the answer takes. */
  private Outcome contacts(SearchAnswer answer, long deadline, CandidatePages pages)
      throws LDAPException {
    while (pages.hasNext()) {
      if (System.nanoTime() - deadline > 0) {
        return Outcome.timeLimitExceeded();
      }
      // no more read than the answer can take: a prefix as typed matches thousands, 100 are shown
      for (ContactDto contact : pages.next(Math.min(PAGE, answer.wanted()))) {
        if (answer.offer(entries.entryOf(contact, answer.needed()))) {
          answer.lastSent = contact.id();
        }
      }
    }
    return Outcome.success();
  }

  private static Schema standardSchema() {
    try {
      return Schema.getDefaultStandardSchema();
    } catch (LDAPException e) {
      throw new IllegalStateException("the LDAP SDK's standard schema cannot be read", e);
    }
  }
}
