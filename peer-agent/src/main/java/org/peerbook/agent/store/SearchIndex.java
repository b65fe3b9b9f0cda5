package org.peerbook.agent.store;

import java.util.Locale;

/**
 * The copy's searches ({@link CopyMaps}): each a sorted set of keys in a map of its own, a key made
 * of parts ({@link ContactKeys}): what is searched for first, then what orders its matches, with
 * the contact's id among them. They were the SQL copy's indexes, part for column.
 */
enum SearchIndex {
  /** Name, id: the contacts in name order. */
  NAME(1),
  /** Name word, name, id: a word's contacts in name order. */
  NAME_WORD(2),
  /**
   * Initial ({@code ""} for a word the name begins with), name, id, word: a prefix many share has
   * its first matches by name read where they are ({@link MapNamePrefixSearch}).
   */
  NAME_WORD_BY_INITIAL(2),
  /** Address, id. */
  EMAIL(1),
  /** Department, name, id: a department's contacts in name order. */
  DEPARTMENT(2),
  /** A number's digits, id: a whole number, or a number's start. */
  PHONE(1),
  /** A number's digits reversed, id: a number's end. */
  PHONE_REVERSED(1);

  private final int idPart;

  SearchIndex(int idPart) {
    this.idPart = idPart;
  }

  /** Which of a key's parts, counted from 0, is the contact's id. */
  int idPart() {
    return idPart;
  }

  /** The name of the index's map in the file. */
  String mapName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
