package org.peerbook.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

/** The contacts swarm tests import: a department each, some names in Chinese. */
public final class SwarmMembers {
  private SwarmMembers() {}

  /** Contacts {@code from..to-1}; a second import of an id changes that contact. */
  public static JsonArrayBuilder range(int from, int to) {
    JsonArrayBuilder contacts = Json.createArrayBuilder();
    for (int i = from; i < to; i++) {
      contacts.add(
          Json.createObjectBuilder()
              .add("id", "member-" + i)
              .add("displayName", (i % 4 == 0 ? "陈静 " : "Swarm Member ") + i)
              .add("department", "Team " + i % 7)
              .add("emails", Json.createArrayBuilder().add("member" + i + "@example.com")));
    }
    return contacts;
  }
}
