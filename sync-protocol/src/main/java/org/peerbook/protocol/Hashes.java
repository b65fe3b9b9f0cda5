package org.peerbook.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 and the hex form hashes travel in. */
public final class Hashes {
  /** The hash of the empty book, version 0. */
  public static final String ZERO = "0".repeat(64);

  private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");
  private static final HexFormat HEX = HexFormat.of();

  private Hashes() {}

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static String sha256Hex(byte[] data) {
    return HEX.formatHex(sha256().digest(data));
  }

  /** Whether {@code text} is a hash as it travels: 64 lower-case hex digits. */
  public static boolean isHash(String text) {
    return text != null && HEX_256.matcher(text).matches();
  }

  public static byte[] fromHex(String hash) {
    if (!isHash(hash)) {
      throw new IllegalArgumentException("not a SHA-256 hash in lower-case hex: " + hash);
    }
    return HEX.parseHex(hash);
  }

  public static String toHex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
