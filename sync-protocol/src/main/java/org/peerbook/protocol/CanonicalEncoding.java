package org.peerbook.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The deterministic byte form of protocol values that hashes and signatures cover.
 *
 * <p>Rules: a string is its UTF-8 bytes preceded by their count (4-byte big-endian), taken as given
 * (no Unicode normalisation: the bytes the data server stored are the bytes every node hashes); an
 * optional value is one byte {@code 0} (absent) or {@code 1} followed by the value; a list is its
 * size (4 bytes) followed by its elements in order; the attributes map is its size followed by
 * name/value pairs in ascending {@link String#compareTo} order of names; numbers are 8-byte
 * big-endian two's complement; an enum is its name as a string. Every top-level form starts with a
 * domain tag string so that no two kinds of value can encode alike.
 */
public final class CanonicalEncoding {
  static final String ENTRY_TAG = "peerbook-entry-v1";
  static final String HEAD_TAG = "peerbook-head-v1";
  static final String CONTACT_TAG = "peerbook-contact-v1";

  private CanonicalEncoding() {}

  /** The bytes of a contact, as the state digest covers it. */
  public static byte[] contact(ContactDto contact) {
    return encode(
        out -> {
          out.string(CONTACT_TAG);
          out.contact(contact);
        });
  }

  /** The bytes of an entry's content (everything but its own hash and its predecessor's). */
  public static byte[] entryContent(ChangeEntry entry) {
    return encode(
        out -> {
          out.string(ENTRY_TAG);
          out.number(entry.version());
          out.string(entry.contactId());
          out.string(entry.operation().name());
          out.optional(entry.contact(), out::contact);
          out.number(entry.time().toEpochMilli());
        });
  }

  /** The bytes the data server signs for a head. */
  public static byte[] headToSign(long version, String hash, String stateDigest) {
    return encode(
        out -> {
          out.string(HEAD_TAG);
          out.number(version);
          out.bytes(Hashes.fromHex(hash));
          out.bytes(Hashes.fromHex(stateDigest));
        });
  }

  private interface Body {
    void writeTo(Writer out) throws IOException;
  }

  private static byte[] encode(Body body) {
    var buffer = new ByteArrayOutputStream(256);
    try {
      body.writeTo(new Writer(new DataOutputStream(buffer)));
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array cannot fail", e);
    }
    return buffer.toByteArray();
  }

  private static final class Writer {
    private final DataOutputStream out;

    Writer(DataOutputStream out) {
      this.out = out;
    }

    void number(long value) throws IOException {
      out.writeLong(value);
    }

    void bytes(byte[] value) throws IOException {
      out.writeInt(value.length);
      out.write(value);
    }

    void string(String value) throws IOException {
      bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    interface ValueWriter<T> {
      void write(T value) throws IOException;
    }

    <T> void optional(T value, ValueWriter<T> writer) throws IOException {
      if (value == null) {
        out.writeByte(0);
      } else {
        out.writeByte(1);
        writer.write(value);
      }
    }

    void optionalString(String value) throws IOException {
      optional(value, this::string);
    }

    <T> void list(List<T> values, ValueWriter<T> writer) throws IOException {
      out.writeInt(values.size());
      for (T value : values) {
        writer.write(value);
      }
    }

    void contact(ContactDto contact) throws IOException {
      string(contact.id());
      optionalString(contact.displayName());
      optionalString(contact.givenName());
      optionalString(contact.familyName());
      list(contact.emails(), this::string);
      list(
          contact.phones(),
          phone -> {
            string(phone.type());
            string(phone.number());
          });
      optionalString(contact.organisation());
      optionalString(contact.department());
      optionalString(contact.title());
      optionalString(contact.manager());
      optionalString(contact.officeLocation());
      out.writeInt(contact.attributes().size());
      for (Map.Entry<String, String> attribute : contact.attributes().entrySet()) {
        string(attribute.getKey());
        string(attribute.getValue());
      }
    }
  }
}
