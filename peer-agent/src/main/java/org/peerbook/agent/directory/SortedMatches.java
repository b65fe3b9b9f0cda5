package org.peerbook.agent.directory;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SortKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The sorted matches of the latest sorted searches, while the copy stays at their version: a client
 * scrolling a virtual list view (Outlook sends a request per screen) or paging a sorted search
 * reads the book once, not once per request. At most {@link #KEPT} lists are kept, each at most
 * {@link SortedView#MAX_SORTED} ids and sort values (some 20 MB at 100,000 contacts).
 */
final class SortedMatches {
  static final int KEPT = 2;

  /** What makes two sorted searches match the same entries in the same order. */
  record Key(long version, SearchScope scope, String filter, String sortKeys) {
    static Key of(long version, SearchScope scope, Filter filter, List<SortKey> keys) {
      return new Key(
          version,
          scope,
          filter.toNormalizedString(),
          keys.stream()
              .map(
                  key ->
                      key.getAttributeName().toLowerCase(Locale.ROOT)
                          + ":"
                          + key.getMatchingRuleID()
                          + ":"
                          + key.reverseOrder())
              .collect(Collectors.joining(",")));
    }
  }

  private final Map<Key, List<SortedView.Sorted>> lists =
      new LinkedHashMap<>(4, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, List<SortedView.Sorted>> eldest) {
          return size() > KEPT;
        }
      };

  synchronized Optional<List<SortedView.Sorted>> get(Key key) {
    return Optional.ofNullable(lists.get(key));
  }

  /** Keeps {@code sorted}, complete and in order, and forgets lists of other versions. */
  synchronized void put(Key key, List<SortedView.Sorted> sorted) {
    lists.keySet().removeIf(kept -> kept.version() != key.version());
    lists.put(key, List.copyOf(sorted));
  }
}
