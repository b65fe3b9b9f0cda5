package org.peerbook.exchange.control;

import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.MalformedMessageException;

/**
 * Holds a contact built from another format to exactly the rules a JSON contact must meet, by
 * reading its JSON form as the API would: one set of rules, whatever the way in.
 */
public final class WireCheck {
  private WireCheck() {}

  /**
   * @throws MalformedMessageException naming the field, e.g. {@code emails[1]}
   */
  public static ContactDto checked(ContactDto contact) {
    return ContactJson.read(ContactJson.toJson(contact), "", false);
  }
}
