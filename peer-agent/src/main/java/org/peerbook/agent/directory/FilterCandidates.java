package org.peerbook.agent.directory;

import com.unboundid.ldap.sdk.Filter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.peerbook.agent.store.Candidates;

/**
 * Narrows an LDAP filter to the contacts the store's indexes say could match it. The answer is a
 * superset: the search still checks every candidate with the filter itself, so only speed, never
 * correctness, depends on what is translated here. What address-book clients send goes through an
 * index: prefixes and equality on {@code cn}, {@code sn}, {@code givenName} (name words), {@code
 * mail} and {@code ou}; containment on names and phone digits becomes a cheap column scan; the rest
 * (negation, presence, other attributes) narrows nothing.
 */
final class FilterCandidates {
  private static final Set<String> NAMES =
      Set.of("cn", "commonname", "sn", "surname", "givenname", "gn", "displayname");
  private static final Set<String> MAIL = Set.of("mail", "rfc822mailbox");
  private static final Set<String> DEPARTMENT = Set.of("ou", "organizationalunitname");
  private static final Set<String> PHONES =
      Set.of("telephonenumber", "mobile", "homephone", "facsimiletelephonenumber", "pager");

  private FilterCandidates() {}

  static Candidates of(Filter filter) {
    switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_AND:
        return new Candidates.AllOf(each(filter.getComponents()));
      case Filter.FILTER_TYPE_OR:
        return new Candidates.AnyOf(each(filter.getComponents()));
      case Filter.FILTER_TYPE_EQUALITY:
      case Filter.FILTER_TYPE_APPROXIMATE_MATCH: // matched as equality
        return equality(attribute(filter), filter.getAssertionValue());
      case Filter.FILTER_TYPE_SUBSTRING:
        return substring(filter);
      default:
        return Candidates.ALL;
    }
  }

  private static List<Candidates> each(Filter[] components) {
    List<Candidates> candidates = new ArrayList<>();
    for (Filter component : components) {
      candidates.add(of(component));
    }
    return candidates;
  }

  private static Candidates equality(String attribute, String value) {
    if (NAMES.contains(attribute)) {
      return new Candidates.NameWordPrefix(value);
    }
    if (MAIL.contains(attribute)) {
      return new Candidates.EmailEquals(value);
    }
    if (DEPARTMENT.contains(attribute)) {
      return new Candidates.DepartmentPrefix(value);
    }
    if (PHONES.contains(attribute)) {
      return new Candidates.PhoneDigits(value, true, true);
    }
    return Candidates.ALL;
  }

  /**
   * A number's start or end goes through the phone index (the start first: what a dialler types);
   * only digits inside a number are a scan, by the longest piece, which narrows best.
   */
  private static Candidates phoneSubstring(String initial, String[] any, String last) {
    if (Candidates.holdsDigit(initial)) {
      return new Candidates.PhoneDigits(initial, true, false);
    }
    if (Candidates.holdsDigit(last)) {
      return new Candidates.PhoneDigits(last, false, true);
    }
    String longest = "";
    for (String piece : any) {
      if (piece.length() > longest.length()) {
        longest = piece;
      }
    }
    return new Candidates.PhoneDigits(longest, false, false);
  }

  private static Candidates substring(Filter filter) {
    String attribute = attribute(filter);
    String initial = filter.getSubInitialString();
    List<String> rest = new ArrayList<>(Arrays.asList(filter.getSubAnyStrings()));
    if (filter.getSubFinalString() != null) {
      rest.add(filter.getSubFinalString());
    }
    if (NAMES.contains(attribute)) {
      if (initial != null && !initial.isBlank()) {
        return new Candidates.NameWordPrefix(initial);
      }
      return new Candidates.NameContains(rest);
    }
    if (MAIL.contains(attribute) && initial != null) {
      return new Candidates.EmailPrefix(initial);
    }
    if (DEPARTMENT.contains(attribute) && initial != null) {
      return new Candidates.DepartmentPrefix(initial);
    }
    if (PHONES.contains(attribute)) {
      return phoneSubstring(initial, filter.getSubAnyStrings(), filter.getSubFinalString());
    }
    return Candidates.ALL;
  }

  private static String attribute(Filter filter) {
    String name = filter.getAttributeName().toLowerCase(Locale.ROOT);
    int options = name.indexOf(';');
    return options < 0 ? name : name.substring(0, options);
  }
}
