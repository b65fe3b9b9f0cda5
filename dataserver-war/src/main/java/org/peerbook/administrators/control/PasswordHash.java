package org.peerbook.administrators.control;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash, written as {@code
 * pbkdf2-sha256:<iterations>:<salt>:<hash>} (salt and hash in base64). The same text can be made
 * with Python's {@code hashlib.pbkdf2_hmac}, so a deployer needs no PeerBook tool to add a user.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
  public static final String SCHEME = "pbkdf2-sha256";

  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256 is 600,000; checks are cached anyway. */
  static final int DEFAULT_ITERATIONS = 600_000;

  private static final int MIN_ITERATIONS = 10_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  public PasswordHash {
    salt = salt.clone();
    hash = hash.clone();
  }

  public static PasswordHash of(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(DEFAULT_ITERATIONS, salt, derive(password, salt, DEFAULT_ITERATIONS));
  }

  /**
   * A hash that no password matches and that costs a check as much as a real one does: for names
   * that are no administrator's, so that timing tells no names. Its hash is random bytes, not
   * derived from anything: making it costs nothing (deriving one took 1-2 s of a server's start).
   */
  public static PasswordHash decoy() {
    byte[] salt = new byte[SALT_BYTES];
    byte[] hash = new byte[HASH_BYTES];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(hash);
    return new PasswordHash(DEFAULT_ITERATIONS, salt, hash);
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  public static PasswordHash parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      throw new IllegalArgumentException(
          "a password hash is " + SCHEME + ":<iterations>:<base64 salt>:<base64 hash>");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("iterations '" + parts[1] + "' is not a number");
    }
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          iterations + " iterations are too few (at least " + MIN_ITERATIONS + ")");
    }
    try {
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] hash = Base64.getDecoder().decode(parts[3]);
      if (salt.length < 8 || hash.length < 16) {
        throw new IllegalArgumentException("salt or hash too short");
      }
      return new PasswordHash(iterations, salt, hash);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("salt and hash must be base64: " + e.getMessage());
    }
  }

  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, deriveOfLength(password, salt, iterations, hash.length));
  }

  @Override
  public String toString() {
    Base64.Encoder base64 = Base64.getEncoder();
    return SCHEME
        + ":"
        + iterations
        + ":"
        + base64.encodeToString(salt)
        + ":"
        + base64.encodeToString(hash);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    return deriveOfLength(password, salt, iterations, HASH_BYTES);
  }

  private static byte[] deriveOfLength(char[] password, byte[] salt, int iterations, int bytes) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }
}
