package org.peerbook.agent.sync;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonStructure;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.transport.LookupServer;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.JsonBuilders;

/** The local lookups over the copy: search, one contact, the agent's status. */
final class LocalLookups implements LookupServer.Lookups {
  private final LocalStore store;
  private final Supplier<JsonStructure> status;

  LocalLookups(LocalStore store, Supplier<JsonStructure> status) {
    this.store = store;
    this.status = status;
  }

  @Override
  public JsonStructure search(Map<String, String> query) {
    int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be between 1 and 1000");
    }
    var found =
        store.search(
            new LocalStore.Search(
                blankToNull(query.get("q")),
                blankToNull(query.get("email")),
                blankToNull(query.get("phone")),
                blankToNull(query.get("department"))),
            limit);
    JsonArrayBuilder contacts = JsonBuilders.array();
    found.forEach(contact -> contacts.add(ContactJson.toJson(contact)));
    return contacts.build();
  }

  @Override
  public JsonStructure contact(String id) {
    return store.contact(id).map(ContactJson::toJson).orElse(null);
  }

  @Override
  public JsonStructure status() {
    return status.get();
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim().toLowerCase(Locale.ROOT);
  }
}
