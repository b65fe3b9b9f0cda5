package org.peerbook.enrollment.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Node credentials: 256 random bits, base64url. A plain SHA-256 suffices to store them (unlike
 * passwords, nothing about them can be guessed), and comparing hashes takes constant time.
 */
public final class Credentials {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Credentials() {}

  public static String newCredential() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String hash(String credential) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(credential.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public static boolean matches(String credential, String expectedHash) {
    return MessageDigest.isEqual(
        hash(credential).getBytes(StandardCharsets.US_ASCII),
        expectedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
