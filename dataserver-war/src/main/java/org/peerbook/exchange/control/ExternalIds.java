package org.peerbook.exchange.control;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.MalformedMessageException;

/**
 * Where a pushing system's own key (an HR system's personnel number) puts its contact. The contact
 * id is a name-based UUID of the system and the key: the same on every server and every run,
 * without a mapping table to keep or lose, and it survives an export and re-import. The key stays
 * visible on the contact as the attribute {@code external.<system>}.
 */
public final class ExternalIds {
  static final String ATTRIBUTE_PREFIX = "external.";
  private static final Pattern SYSTEM = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,54}");
  private static final int MAX_EXTERNAL_ID = 256;

  private ExternalIds() {}

  /** A system's key for one of its contacts, checked. */
  public record ExternalId(String system, String id) {
    public ExternalId {
      if (system == null || !SYSTEM.matcher(system).matches()) {
        throw new MalformedMessageException(
            "system", "must be 1 to 55 letters, digits, _ or -, starting with a letter");
      }
      if (id == null
          || id.isBlank()
          || id.length() > MAX_EXTERNAL_ID
          || id.chars().anyMatch(Character::isISOControl)) {
        throw new MalformedMessageException(
            "externalId",
            "must be 1 to "
                + MAX_EXTERNAL_ID
                + " characters (UTF-16 code units), not blank, no controls");
      }
    }

    /** The book's id for this contact. */
    public String contactId() {
      byte[] name =
          ("peerbook-external\u0000" + system + "\u0000" + id).getBytes(StandardCharsets.UTF_8);
      return "ext-" + UUID.nameUUIDFromBytes(name);
    }

    public String attributeName() {
      return ATTRIBUTE_PREFIX + system;
    }
  }

  /**
   * The contact a system pushes, under the id its key maps to and carrying the key; refuses a body
   * that names another id or another key.
   */
  public static ContactDto place(ContactDto pushed, ExternalId key) {
    String contactId = key.contactId();
    if (pushed.id() != null && !pushed.id().equals(contactId)) {
      throw new MalformedMessageException(
          "id", "differs from " + contactId + ", the id the external id maps to");
    }
    String named = pushed.attributes().get(key.attributeName());
    if (named != null && !named.equals(key.id())) {
      throw new MalformedMessageException(
          "attributes." + key.attributeName(), "differs from the external id in the path");
    }
    Map<String, String> attributes = new TreeMap<>(pushed.attributes());
    attributes.put(key.attributeName(), key.id());
    return new ContactDto(
        contactId,
        pushed.displayName(),
        pushed.givenName(),
        pushed.familyName(),
        pushed.emails(),
        pushed.phones(),
        pushed.organisation(),
        pushed.department(),
        pushed.title(),
        pushed.manager(),
        pushed.officeLocation(),
        attributes);
  }
}
