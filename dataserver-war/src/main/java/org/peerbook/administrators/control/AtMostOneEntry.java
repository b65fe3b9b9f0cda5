package org.peerbook.administrators.control;

import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchResultReference;
import java.util.Optional;

/**
 * The one entry a search is meant to find, taken as the connection reads it (synchronous mode): a
 * second entry ends the search there, so a directory that ignores the size limit and sends entry
 * after entry is never read further, nor waited for. References are not followed, and a few are all
 * a search is let to return.
 */
final class AtMostOneEntry implements SearchResultListener {
  private static final long serialVersionUID = 1L;
  private static final int MAX_REFERENCES = 16;

  private String dn;
  private boolean several;
  private int references;

  @Override
  public void searchEntryReturned(SearchResultEntry entry) {
    if (dn == null) {
      dn = entry.getDN();
      return;
    }
    several = true;
    throw new IllegalStateException("the search found more than one entry");
  }

  @Override
  public void searchReferenceReturned(SearchResultReference reference) {
    if (++references > MAX_REFERENCES) {
      several = true;
      throw new IllegalStateException(
          "the search returned more than " + MAX_REFERENCES + " references");
    }
  }

  /** The entry found, if it was the only one; empty when several came. */
  Optional<String> dn() {
    return several ? Optional.empty() : Optional.ofNullable(dn);
  }

  /** Whether the search was ended because it returned more than it may. */
  boolean several() {
    return several;
  }
}
