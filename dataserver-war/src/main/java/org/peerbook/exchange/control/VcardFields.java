package org.peerbook.exchange.control;

/**
 * Where a contact's fields go in a vCard. Standard properties where vCard has one (FN, N, EMAIL,
 * TEL, ORG as organisation;department, TITLE, UID for the id); extension properties for the rest,
 * so that an export imports back to the very same contact.
 */
final class VcardFields {
  static final String MANAGER = "X-PEERBOOK-MANAGER";
  static final String OFFICE = "X-PEERBOOK-OFFICE";
  static final String ATTRIBUTE = "X-PEERBOOK-ATTRIBUTE";

  /** The parameter of {@link #ATTRIBUTE} that names the attribute; its value is the value. */
  static final String ATTRIBUTE_NAME = "X-NAME";

  /** vCard calls a mobile number {@code cell}. */
  static final String VCARD_MOBILE = "cell";

  static final String MOBILE = "mobile";

  private VcardFields() {}

  /** The vCard property that holds a field of the JSON form, for error reports. */
  static String propertyOf(String wireField) {
    if (wireField.startsWith("attributes")) {
      return ATTRIBUTE;
    }
    return switch (wireField) {
      case "id" -> "UID";
      case "displayName" -> "FN";
      case "givenName", "familyName" -> "N";
      case "emails" -> "EMAIL";
      case "phones" -> "TEL";
      case "organisation", "department" -> "ORG";
      case "title" -> "TITLE";
      case "manager" -> MANAGER;
      case "officeLocation" -> OFFICE;
      default -> wireField;
    };
  }
}
