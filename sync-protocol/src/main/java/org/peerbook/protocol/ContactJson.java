package org.peerbook.protocol;

import static org.peerbook.protocol.ContactLimits.MAX_ATTRIBUTES;
import static org.peerbook.protocol.ContactLimits.MAX_ATTRIBUTE_NAME;
import static org.peerbook.protocol.ContactLimits.MAX_ATTRIBUTE_VALUE;
import static org.peerbook.protocol.ContactLimits.MAX_EMAIL;
import static org.peerbook.protocol.ContactLimits.MAX_EMAILS;
import static org.peerbook.protocol.ContactLimits.MAX_ID;
import static org.peerbook.protocol.ContactLimits.MAX_PHONES;
import static org.peerbook.protocol.ContactLimits.MAX_PHONE_NUMBER;
import static org.peerbook.protocol.ContactLimits.MAX_PHONE_TYPE;
import static org.peerbook.protocol.ContactLimits.MAX_TEXT;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A contact as JSON (PROTOCOL.md section 8.2), read strictly: anything but a well-formed contact
 * throws {@link MalformedMessageException} naming the member. Messages that carry contacts ({@link
 * WireJson}) and the data server's admin API both read and write contacts here.
 */
public final class ContactJson {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]*");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final Pattern PHONE_TYPE = Pattern.compile("[a-z]+");
  private static final Pattern PHONE_NUMBER = Pattern.compile("\\+?[0-9 ()./-]+");
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

  /** A contact's JSON members, in the order they are written. */
  public static final List<String> FIELD_NAMES =
      List.of(
          "id",
          "displayName",
          "givenName",
          "familyName",
          "emails",
          "phones",
          "organisation",
          "department",
          "title",
          "manager",
          "officeLocation",
          "attributes");

  private static final Set<String> FIELDS = Set.copyOf(FIELD_NAMES);
  private static final Set<String> PHONE_FIELDS = Set.of("type", "number");
  private static final JsonProvider JSON = JsonBuilders.PROVIDER;

  private ContactJson() {}

  /**
   * Reads a contact.
   *
   * @param idRequired whether the contact must name its id (false where the server assigns one)
   */
  public static ContactDto read(JsonValue json, String path, boolean idRequired) {
    StrictObject o = StrictObject.of(json, path, FIELDS);
    String id = idRequired ? o.requiredText("id", MAX_ID) : o.optionalText("id", MAX_ID);
    if (id != null) {
      requireId(id, o.path("id"));
    }
    List<String> emails = new ArrayList<>();
    List<JsonValue> emailValues = o.array("emails", MAX_EMAILS);
    for (int i = 0; i < emailValues.size(); i++) {
      String at = o.path("emails") + "[" + i + "]";
      String email = StrictObject.text(emailValues.get(i), at, MAX_EMAIL);
      if (!EMAIL.matcher(email).matches()) {
        throw new MalformedMessageException(at, "is not an e-mail address");
      }
      emails.add(email);
    }
    List<PhoneDto> phones = new ArrayList<>();
    List<JsonValue> phoneValues = o.array("phones", MAX_PHONES);
    for (int i = 0; i < phoneValues.size(); i++) {
      phones.add(readPhone(phoneValues.get(i), o.path("phones") + "[" + i + "]"));
    }
    return new ContactDto(
        id,
        o.requiredText("displayName", MAX_TEXT),
        o.optionalText("givenName", MAX_TEXT),
        o.optionalText("familyName", MAX_TEXT),
        emails,
        phones,
        o.optionalText("organisation", MAX_TEXT),
        o.optionalText("department", MAX_TEXT),
        o.optionalText("title", MAX_TEXT),
        o.optionalText("manager", MAX_TEXT),
        o.optionalText("officeLocation", MAX_TEXT),
        readAttributes(o.objectValue("attributes"), o.path("attributes")));
  }

  /** Refuses anything that is not a contact id: 1 to 128 letters, digits and {@code ._:@-}. */
  public static String requireId(String id, String path) {
    if (id == null || id.length() > MAX_ID || !ID.matcher(id).matches()) {
      throw new MalformedMessageException(
          path, "must be 1 to " + MAX_ID + " letters, digits or ._:@- starting alphanumeric");
    }
    return id;
  }

  private static PhoneDto readPhone(JsonValue json, String path) {
    StrictObject o = StrictObject.of(json, path, PHONE_FIELDS);
    String type = o.requiredText("type", MAX_PHONE_TYPE);
    if (!PHONE_TYPE.matcher(type).matches()) {
      throw new MalformedMessageException(o.path("type"), "must be lower-case letters");
    }
    String number = o.requiredText("number", MAX_PHONE_NUMBER);
    if (!PHONE_NUMBER.matcher(number).matches()) {
      throw new MalformedMessageException(
          o.path("number"), "may hold only digits, spaces and + ( ) . / -");
    }
    return new PhoneDto(type, number);
  }

  private static TreeMap<String, String> readAttributes(JsonObject json, String path) {
    if (json.size() > MAX_ATTRIBUTES) {
      throw new MalformedMessageException(path, "has more than " + MAX_ATTRIBUTES + " entries");
    }
    TreeMap<String, String> attributes = new TreeMap<>();
    for (Map.Entry<String, JsonValue> attribute : json.entrySet()) {
      String name = attribute.getKey();
      String at = path + "." + name;
      if (name.length() > MAX_ATTRIBUTE_NAME || !ATTRIBUTE_NAME.matcher(name).matches()) {
        throw new MalformedMessageException(
            at, "attribute names are letters, digits and ._- (at most 64)");
      }
      attributes.put(name, StrictObject.text(attribute.getValue(), at, MAX_ATTRIBUTE_VALUE));
    }
    return attributes;
  }

  public static JsonObject toJson(ContactDto contact) {
    JsonObjectBuilder json = JSON.createObjectBuilder();
    if (contact.id() != null) {
      json.add("id", contact.id());
    }
    addIfPresent(json, "displayName", contact.displayName());
    addIfPresent(json, "givenName", contact.givenName());
    addIfPresent(json, "familyName", contact.familyName());
    JsonArrayBuilder emails = JSON.createArrayBuilder();
    contact.emails().forEach(emails::add);
    json.add("emails", emails);
    JsonArrayBuilder phones = JSON.createArrayBuilder();
    contact
        .phones()
        .forEach(
            phone ->
                phones.add(
                    JSON.createObjectBuilder()
                        .add("type", phone.type())
                        .add("number", phone.number())));
    json.add("phones", phones);
    addIfPresent(json, "organisation", contact.organisation());
    addIfPresent(json, "department", contact.department());
    addIfPresent(json, "title", contact.title());
    addIfPresent(json, "manager", contact.manager());
    addIfPresent(json, "officeLocation", contact.officeLocation());
    JsonObjectBuilder attributes = JSON.createObjectBuilder();
    contact.attributes().forEach(attributes::add);
    json.add("attributes", attributes);
    return json.build();
  }

  private static void addIfPresent(JsonObjectBuilder json, String name, String value) {
    if (value != null) {
      json.add(name, value);
    }
  }

  /** An array of contacts, each read as {@link #read} with ids optional. */
  public static List<ContactDto> readList(JsonValue json, int maxSize) {
    if (json.getValueType() != JsonValue.ValueType.ARRAY) {
      throw new MalformedMessageException(null, "must be a JSON array of contacts");
    }
    JsonArray array = json.asJsonArray();
    if (array.size() > maxSize) {
      throw new MalformedMessageException(null, "has more than " + maxSize + " contacts");
    }
    List<ContactDto> contacts = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      contacts.add(read(array.get(i), "[" + i + "]", false));
    }
    return contacts;
  }
}
