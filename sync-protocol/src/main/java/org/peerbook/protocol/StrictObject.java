package org.peerbook.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;

/**
 * A JSON object read strictly: only the named fields, each of the expected type and range. Every
 * refusal names the field by its path in the message.
 */
public final class StrictObject {
  private final JsonObject object;
  private final String path;

  private StrictObject(JsonObject object, String path) {
    this.object = object;
    this.path = path;
  }

  public static StrictObject of(JsonValue value, String path, Set<String> allowedFields) {
    if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new MalformedMessageException(path, "must be a JSON object");
    }
    JsonObject object = value.asJsonObject();
    for (String name : object.keySet()) {
      if (!allowedFields.contains(name)) {
        throw new MalformedMessageException(join(path, name), "unknown field");
      }
    }
    return new StrictObject(object, path);
  }

  public String path(String name) {
    return join(path, name);
  }

  private static String join(String path, String name) {
    return path == null || path.isEmpty() ? name : path + "." + name;
  }

  public boolean has(String name) {
    JsonValue value = object.get(name);
    return value != null && value.getValueType() != JsonValue.ValueType.NULL;
  }

  public JsonValue value(String name) {
    if (!has(name)) {
      throw new MalformedMessageException(path(name), "is required");
    }
    return object.get(name);
  }

  public String requiredText(String name, int maxLength) {
    String text = optionalText(name, maxLength);
    if (text == null) {
      throw new MalformedMessageException(path(name), "is required");
    }
    return text;
  }

  public String optionalText(String name, int maxLength) {
    if (!has(name)) {
      return null;
    }
    return text(object.get(name), path(name), maxLength);
  }

  public static String text(JsonValue value, String path, int maxLength) {
    if (value.getValueType() != JsonValue.ValueType.STRING) {
      throw new MalformedMessageException(path, "must be a string");
    }
    String text = ((JsonString) value).getString();
    if (text.isBlank()) {
      throw new MalformedMessageException(path, "must not be blank");
    }
    // counted in UTF-16 code units, as H2 counts a VARCHAR (PostgreSQL counts code points, never
    // more): a limit means the same in every store, and an emoji counts 2 (see ContactLimits)
    if (text.length() > maxLength) {
      throw new MalformedMessageException(
          path,
          "is longer than "
              + maxLength
              + " characters (UTF-16 code units: one outside the Basic Multilingual Plane, such as"
              + " an emoji, counts 2)");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        throw new MalformedMessageException(path, "contains a control character");
      }
      if (Character.isHighSurrogate(c)
          && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(++i)))) {
        throw new MalformedMessageException(path, "contains a broken surrogate pair");
      }
      if (Character.isLowSurrogate(c)) {
        throw new MalformedMessageException(path, "contains a broken surrogate pair");
      }
    }
    return text;
  }

  public long requiredLong(String name, long min, long max) {
    return number(value(name), path(name), min, max);
  }

  public long optionalLong(String name, long min, long max, long absent) {
    return has(name) ? number(object.get(name), path(name), min, max) : absent;
  }

  private static long number(JsonValue value, String path, long min, long max) {
    if (value.getValueType() != JsonValue.ValueType.NUMBER) {
      throw new MalformedMessageException(path, "must be a number");
    }
    JsonNumber number = (JsonNumber) value;
    BigInteger exact;
    try {
      if (!number.isIntegral()) {
        throw new MalformedMessageException(path, "must be a whole number");
      }
      // longValueExact refuses huge exponents before expanding them
      exact = BigInteger.valueOf(number.bigDecimalValue().longValueExact());
    } catch (ArithmeticException | NumberFormatException e) {
      // NumberFormatException: an exponent beyond what BigDecimal can hold (found by fuzzing)
      throw new MalformedMessageException(path, "must be between " + min + " and " + max);
    }
    if (exact.compareTo(BigInteger.valueOf(min)) < 0
        || exact.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new MalformedMessageException(path, "must be between " + min + " and " + max);
    }
    return exact.longValue();
  }

  public boolean requiredBoolean(String name) {
    JsonValue value = value(name);
    if (value.getValueType() == JsonValue.ValueType.TRUE) {
      return true;
    }
    if (value.getValueType() == JsonValue.ValueType.FALSE) {
      return false;
    }
    throw new MalformedMessageException(path(name), "must be true or false");
  }

  public List<JsonValue> array(String name, int maxSize) {
    if (!has(name)) {
      return List.of();
    }
    JsonValue value = object.get(name);
    if (value.getValueType() != JsonValue.ValueType.ARRAY) {
      throw new MalformedMessageException(path(name), "must be an array");
    }
    JsonArray array = value.asJsonArray();
    if (array.size() > maxSize) {
      throw new MalformedMessageException(path(name), "has more than " + maxSize + " elements");
    }
    return array;
  }

  public JsonObject objectValue(String name) {
    JsonValue value = object.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new MalformedMessageException(path(name), "must be an object");
    }
    return value.asJsonObject();
  }
}
