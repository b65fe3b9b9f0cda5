package org.peerbook.agent.store;

import java.util.List;

/**
 * Which contacts a directory search could match, as far as the store's indexes and columns can
 * tell: always a superset of the answer, never fewer. The caller checks each contact it gets
 * against the exact condition; the store only spares it the contacts that cannot match.
 *
 * <p>Texts are compared lower-cased; name words are split as the store splits names, so a prefix of
 * a name finds it through the word index whatever separators the name uses.
 */
public sealed interface Candidates {

  /** Every contact: no narrowing, a scan. */
  record All() implements Candidates {}

  /** Contacts with a name word (display, given or family name) starting with {@code prefix}. */
  record NameWordPrefix(String prefix) implements Candidates {}

  /** Contacts whose names, lower-cased and together, contain every one of {@code parts}. */
  record NameContains(List<String> parts) implements Candidates {}

  /** Contacts with an e-mail address equal to {@code email}, ignoring case. */
  record EmailEquals(String email) implements Candidates {}

  /** Contacts with an e-mail address starting with {@code prefix}, ignoring case. */
  record EmailPrefix(String prefix) implements Candidates {}

  /** Contacts whose department starts with {@code prefix}, ignoring case. */
  record DepartmentPrefix(String prefix) implements Candidates {}

  /**
   * Contacts with a phone number whose digits (and {@code +}) contain {@code digits}; anchored at
   * the number's start and/or end if asked.
   */
  record PhoneDigits(String digits, boolean atStart, boolean atEnd) implements Candidates {}

  /**
   * What a phone lookup finds: numbers whose digits start with the digits typed, or end with them
   * less a leading {@code +}, so that an extension finds its number; digits typed that are a whole
   * number in national or international form ({@value #NATIONAL_DIGITS} digits or more after their
   * leading zeros) also find the numbers ending with them less their leading zeros, so that a
   * caller's {@code 030 1234567} or {@code 0049 30 1234567} finds the book's {@code +49 30
   * 1234567}. A number's middle is not searched: that would read every contact's numbers.
   *
   * @throws IllegalArgumentException if {@code typed} holds no digit
   */
  static Candidates phoneNumber(String typed) {
    String digits = ContactTexts.digits(typed);
    if (!holdsDigit(digits)) {
      throw new IllegalArgumentException("phone must hold at least one digit");
    }
    String end = digits.startsWith("+") ? digits.substring(1) : digits;
    String significant = end.replaceFirst("^0+", "");
    if (significant.length() >= NATIONAL_DIGITS) {
      end = significant;
    }
    return new AnyOf(
        List.of(new PhoneDigits(digits, true, false), new PhoneDigits(end, false, true)));
  }

  /**
   * Whether {@code text} could narrow a phone search at all: without a digit it would match every
   * number.
   */
  static boolean holdsDigit(String text) {
    return text != null && text.chars().anyMatch(Character::isDigit);
  }

  /**
   * Digits that, after a trunk or international prefix's zeros, are a number rather than an
   * extension: extensions run to 5 digits, a subscriber number without its area rarely under 6.
   */
  int NATIONAL_DIGITS = 6;

  /** Contacts in any of {@code options}. */
  record AnyOf(List<Candidates> options) implements Candidates {}

  /** Contacts in every one of {@code conditions}. */
  record AllOf(List<Candidates> conditions) implements Candidates {}

  Candidates ALL = new All();
}
