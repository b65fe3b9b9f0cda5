package org.peerbook.agent.directory;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.peerbook.agent.store.CandidatePages;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.protocol.ContactDto;

/**
 * The sorted searches of the directory ({@link SortedView}): every match is read once for its sort
 * values, the list is kept while the copy stays at its version ({@link SortedMatches}), and only
 * the entries sent are read again. One list is made at a time, whatever the connections.
 */
final class SortedSearch {
  private static final Logger LOG = Logger.getLogger(SortedSearch.class.getName());
  private final LocalStore store;
  private final ContactEntries entries;
  private final int sizeLimit;
  private final Schema schema;
  private final SortedMatches recentlySorted = new SortedMatches();
  private final Semaphore sorting = new Semaphore(1);

  SortedSearch(LocalStore store, ContactEntries entries, int sizeLimit, Schema schema) {
    this.store = store;
    this.entries = entries;
    this.sizeLimit = sizeLimit;
    this.schema = schema;
  }

  /**
   * Runs a sorted search of the contacts under the base (and the base entry in a subtree search): a
   * view or page of it, or all of it up to the size limit.
   *
   * @throws CannotSort if it cannot be sorted (before anything was sent)
   */
  DirectorySearch.Outcome run(
      SortedView.Request sort,
      SearchScope scope,
      SearchAnswer answer,
      long deadline,
      Optional<PagedResults.Page> page)
      throws LDAPException {
    SortedView view;
    try {
      view = SortedView.of(sort, schema);
    } catch (LDAPException e) {
      throw new CannotSort(e.getResultCode(), e.getMessage());
    }
    SortedMatches.Key key =
        SortedMatches.Key.of(store.version(), scope, answer.filter(), sort.keys());
    Optional<List<SortedView.Sorted>> kept = recentlySorted.get(key);
    if (kept.isEmpty()) {
      kept = sortOnce(key, view, sortRead(sort, answer), scope, answer, deadline);
      if (kept.isEmpty()) {
        return DirectorySearch.Outcome.timeLimitExceeded();
      }
    }
    List<SortedView.Sorted> matches = kept.get();
    SortedView.Window window = view.window(matches, sizeLimit);
    boolean paged = page.isPresent() && sort.vlv().isEmpty();
    int from = paged ? Math.min(page.get().offset(), matches.size()) : window.from();
    int to = paged ? Math.min(matches.size(), from + answer.limit()) : window.to();
    try {
      for (int i = from; i < to; i++) {
        String id = matches.get(i).id();
        Optional<Entry> entry =
            id.isEmpty()
                ? Optional.of(entries.baseEntry())
                : store.contact(id).map(contact -> entries.entryOf(contact, answer.needed()));
        // a contact deleted since it was read is left out
        if (entry.isPresent()) {
          answer.offer(entry.get());
        }
      }
    } catch (SearchAnswer.SizeLimitReached e) {
      return new DirectorySearch.Outcome(
              ResultCode.SIZE_LIMIT_EXCEEDED,
              null,
              "more than " + answer.limit() + " entries match")
          .with(window.controls());
    }
    DirectorySearch.Outcome outcome = DirectorySearch.Outcome.success().with(window.controls());
    if (page.isPresent()) {
      outcome =
          outcome.with(
              PagedResults.responseAt(
                  paged && to < matches.size() ? Optional.of(to) : Optional.empty()));
    }
    return outcome;
  }

  /**
   * The sorted matches of {@code key}, made by one search at a time: a list holds the ids and sort
   * values of up to {@link SortedView#MAX_SORTED} contacts (some 20 MB at 100,000), and a client
   * that opens many connections must not have one made on each at once on an agent's small heap.
   * Searches that waited for the same list take it as made. Empty if the time limit passed.
   */
  private Optional<List<SortedView.Sorted>> sortOnce(
      SortedMatches.Key key,
      SortedView view,
      NeededAttributes read,
      SearchScope scope,
      SearchAnswer answer,
      long deadline)
      throws LDAPException {
    try {
      if (!sorting.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    try {
      Optional<List<SortedView.Sorted>> kept = recentlySorted.get(key);
      if (kept.isPresent()) {
        return kept;
      }
      long started = System.nanoTime();
      Optional<List<SortedView.Sorted>> made = sortedMatches(view, read, scope, answer, deadline);
      made.ifPresent(
          list -> {
            recentlySorted.put(key, list);
            LOG.fine(
                () ->
                    "sorted "
                        + list.size()
                        + " entries of "
                        + key
                        + " in "
                        + (System.nanoTime() - started) / 1_000_000
                        + " ms");
          });
      return made;
    } finally {
      sorting.release();
    }
  }

  /**
   * What sorting reads of each contact's entry: the attributes of the filter and of the sort keys.
   * Making every attribute of 100,000 entries was an eighth of what a sort of them cost.
   */
  private NeededAttributes sortRead(SortedView.Request sort, SearchAnswer answer) {
    return NeededAttributes.of(
        sort.keys().stream().map(SortKey::getAttributeName).toList(), answer.filter(), schema);
  }

  /**
   * Every match with its sort values, in the view's order; empty if the time limit passed.
   *
   * @param read what to make of each contact's entry
   */
  private Optional<List<SortedView.Sorted>> sortedMatches(
      SortedView view, NeededAttributes read, SearchScope scope, SearchAnswer answer, long deadline)
      throws LDAPException {
    List<SortedView.Sorted> matches = new ArrayList<>();
    if (scope == SearchScope.SUB && answer.matches(entries.baseEntry())) {
      matches.add(view.sorted("", entries.baseEntry()));
    }
    CandidatePages pages = store.candidates(FilterCandidates.of(answer.filter()), null);
    while (pages.hasNext()) {
      if (System.nanoTime() - deadline > 0) {
        return Optional.empty();
      }
      for (ContactDto contact : pages.next(DirectorySearch.PAGE)) {
        Entry entry = entries.entryOf(contact, read);
        if (answer.matches(entry)) {
          if (matches.size() == SortedView.MAX_SORTED) {
            throw new CannotSort(
                ResultCode.ADMIN_LIMIT_EXCEEDED,
                "more than " + SortedView.MAX_SORTED + " entries match: too many to sort");
          }
          matches.add(view.sorted(contact.id(), entry));
        }
      }
    }
    view.sort(matches);
    return Optional.of(matches);
  }

  /** A sorted search that cannot be sorted, and why (the sort response control's code). */
  static final class CannotSort extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ResultCode code;

    CannotSort(ResultCode code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    ResultCode code() {
      return code;
    }
  }
}
