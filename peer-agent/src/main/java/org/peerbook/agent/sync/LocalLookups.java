package org.peerbook.agent.sync;

import jakarta.json.JsonStructure;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.transport.LookupServer;

/**
 * The local lookups over the copy: search, one contact, the agent's status. Contacts are answered
 * as the copy keeps them (see {@code StoredJson}): the JSON a contact's lookup returns is the same
 * {@link org.peerbook.protocol.ContactJson#toJson} text that it was when the copy was verified.
 */
final class LocalLookups implements LookupServer.Lookups {
  private final LocalStore store;
  private final Supplier<JsonStructure> status;

  LocalLookups(LocalStore store, Supplier<JsonStructure> status) {
    this.store = store;
    this.status = status;
  }

  @Override
  public byte[] search(Map<String, String> query) {
    int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be between 1 and 1000");
    }
    return array(
        store.searchJson(
            new LocalStore.Search(
                blankToNull(query.get("q")),
                blankToNull(query.get("email")),
                blankToNull(query.get("phone")),
                blankToNull(query.get("department"))),
            limit));
  }

  @Override
  public byte[] contact(String id) {
    return store.contactJson(id).orElse(null);
  }

  @Override
  public JsonStructure status() {
    return status.get();
  }

  /**
   * The contacts' JSON as the copy keeps it, in one JSON array: parsing each contact and writing it
   * out again was most of what a lookup allocated (some 300 KB a search), and with a small heap the
   * collections that followed set the slowest lookups' time.
   */
  static byte[] array(List<byte[]> contacts) {
    int size = 2 + Math.max(0, contacts.size() - 1);
    for (byte[] contact : contacts) {
      size += contact.length;
    }
    byte[] array = new byte[size];
    array[0] = '[';
    int at = 1;
    for (int i = 0; i < contacts.size(); i++) {
      if (i > 0) {
        array[at++] = ',';
      }
      byte[] contact = contacts.get(i);
      System.arraycopy(contact, 0, array, at, contact.length);
      at += contact.length;
    }
    array[at] = ']';
    return array;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim().toLowerCase(Locale.ROOT);
  }
}
