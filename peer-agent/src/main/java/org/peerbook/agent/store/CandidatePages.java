package org.peerbook.agent.store;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.peerbook.protocol.ContactDto;

/**
 * The contacts that may match a directory search, a page at a time in id order (or, for a search
 * that needs no order, the first few found first: {@link #firstThen}). Narrowed ids are read once
 * for the whole search (re-running an index range for every page cost time quadratic in the
 * matches: a wide prefix over 100,000 contacts ran into minutes); every contact, when nothing
 * narrows, is paged by id. Each page is its own read of the last committed version, so a long
 * search holds the reader a moment at a time and never waits for a sync; a contact deleted
 * meanwhile is left out.
 */
public final class CandidatePages {
  private final MapReads reads;
  // null: every contact, paged by id from after
  private List<String> ids;
  private int position;
  private String after;
  private boolean more = true;
  // the candidates after ids, if ids are the first few of them; null: none
  private Supplier<List<String>> rest;

  private CandidatePages(MapReads reads, List<String> ids, String after) {
    this.reads = reads;
    this.ids = ids;
    this.after = after;
  }

  /**
   * The ids in {@code first} (duplicates dropped, in their order), then those of {@code all} (read
   * only if the search gets that far) that were not among them.
   */
  static CandidatePages firstThen(MapReads reads, List<String> first, Supplier<List<String>> all) {
    Set<String> seen = new LinkedHashSet<>(first);
    CandidatePages pages = new CandidatePages(reads, List.copyOf(seen), "");
    pages.rest = () -> all.get().stream().filter(id -> !seen.contains(id)).toList();
    return pages;
  }

  static CandidatePages scan(MapReads reads, String after) {
    return new CandidatePages(reads, null, after);
  }

  static CandidatePages of(MapReads reads, List<String> ids) {
    return new CandidatePages(reads, List.copyOf(ids), "");
  }

  public boolean hasNext() {
    return ids == null ? more : position < ids.size() || rest != null;
  }

  /** The next page of at most {@code size} contacts; it may be empty. */
  public List<ContactDto> next(int size) {
    if (ids != null && position == ids.size() && rest != null) {
      ids = rest.get();
      position = 0;
      rest = null;
    }
    if (ids != null) {
      List<String> page = ids.subList(position, Math.min(ids.size(), position + size));
      position += page.size();
      return reads.contactsWithIds(page);
    }
    List<ContactDto> page = reads.contactsAfter(after, size);
    more = page.size() == size;
    if (!page.isEmpty()) {
      after = page.get(page.size() - 1).id();
    }
    return page;
  }
}
