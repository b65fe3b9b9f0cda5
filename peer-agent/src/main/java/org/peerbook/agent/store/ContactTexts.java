package org.peerbook.agent.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.peerbook.protocol.ContactDto;

/**
 * A contact's texts as searches compare them: lower-cased names, name words, addresses and phone
 * digits. The search indexes' keys are made of them ({@link ContactKeys}), and so is what a search
 * looks for, so that both sides are lowered and split the same way.
 */
final class ContactTexts {
  private static final int MAX_TOKEN = 256;
  private static final Pattern WORD_SEPARATORS = Pattern.compile("[\\s,.;()\\-]+");

  private ContactTexts() {}

  /** The contact's display, given and family names, lower-cased: what names are sorted by. */
  static String name(ContactDto contact) {
    return lower(
        String.join(
            " ",
            nonNull(contact.displayName()),
            nonNull(contact.givenName()),
            nonNull(contact.familyName())));
  }

  /** The contact's addresses, lower-cased, each once. */
  static Set<String> emails(ContactDto contact) {
    return new LinkedHashSet<>(contact.emails().stream().map(ContactTexts::lower).toList());
  }

  /**
   * Every whole name part and every word of every part, lower-cased: what a name prefix is looked
   * for in, so that "cel" finds "Carl Cello" through an index.
   */
  static Set<String> nameTokens(ContactDto contact) {
    Set<String> tokens = new LinkedHashSet<>();
    for (String part :
        new String[] {contact.displayName(), contact.givenName(), contact.familyName()}) {
      if (part != null) {
        tokens.add(truncate(lower(part.strip())));
        for (String word : WORD_SEPARATORS.split(lower(part))) {
          if (!word.isEmpty()) {
            tokens.add(truncate(word));
          }
        }
      }
    }
    return tokens;
  }

  /** The first name word in {@code text}, split and shortened as the name words are. */
  static Optional<String> firstWord(String text) {
    return words(text).stream().findFirst();
  }

  /** The name words in {@code text}, split and shortened as the name words are. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String word : WORD_SEPARATORS.split(lower(text))) {
      if (!word.isEmpty()) {
        words.add(truncate(word));
      }
    }
    return words;
  }

  /**
   * Lower case, one code point for one: the full mapping of {@link String#toLowerCase} makes "İ"
   * two characters, and the book's length limits hold for a lowered text too.
   */
  static String lower(String text) {
    StringBuilder lowered = new StringBuilder(text.length());
    text.codePoints().map(Character::toLowerCase).forEach(lowered::appendCodePoint);
    return lowered.toString();
  }

  /** A number's digits and {@code +}, as the phone index keeps them. */
  static String digits(String phone) {
    return phone.replaceAll("[^0-9+]", "");
  }

  /** Digits reversed: a number's end is a range over them. */
  static String reversed(String digits) {
    return new StringBuilder(digits).reverse().toString();
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }

  private static String truncate(String token) {
    return token.length() > MAX_TOKEN ? token.substring(0, MAX_TOKEN) : token;
  }
}
