package org.peerbook.agent.store;

import java.nio.charset.StandardCharsets;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.WireJson;

/**
 * Contacts and log entries as the store keeps them: their wire JSON, read back strictly. A
 * contact's JSON is kept as its UTF-8 bytes, always {@code ContactJson.toJson(contact).toString()}
 * of the verified contact, never text as a source sent it, so peers' snapshots and the lookup API
 * send it on as it is.
 */
final class StoredJson {
  private StoredJson() {}

  /** What the copy keeps of a contact's {@code json}. */
  static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** The contact JSON {@link #bytes} made, as text. */
  static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }

  /** The contact whose column holds {@code json}. */
  static ContactDto contact(byte[] json) {
    return KeptContactReader.read(json);
  }

  static ChangeEntry entry(String json) {
    return WireJson.readEntry(parse(json), "entry");
  }

  private static jakarta.json.JsonValue parse(String json) {
    return WireJson.parse(json);
  }
}
