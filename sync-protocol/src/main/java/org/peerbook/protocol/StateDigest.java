package org.peerbook.protocol;

import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * LtHash16 over the book's live contacts: a homomorphic multiset hash (Bellare–Micciancio; Lewi et
 * al., "Securing update propagation with homomorphic hashing", 2019).
 *
 * <p>Each contact expands to 1024 lanes of 16 bits: the ChaCha20 key stream under the key
 * SHA-256(canonical(contact)) with an all-zero nonce. The digest of a set is the lane-wise sum
 * modulo 2^16 of its members' vectors, so adding or removing one contact costs one expansion,
 * whatever the size of the book. {@link #digest()} is SHA-256 of the 2048-byte sum.
 *
 * <p>Not thread-safe: one instance per book being updated or checked.
 */
public final class StateDigest {
  private static final int LANES = 1024;
  private static final int BYTES = LANES * 2;
  private static final byte[] ZEROES = new byte[BYTES];
  private static final byte[] NONCE = new byte[12];

  private final short[] lanes;
  private final Cipher chacha;
  private byte[] lastKey = new byte[0];
  private byte[] lastStream;

  private StateDigest(short[] lanes) {
    this.lanes = lanes;
    try {
      this.chacha = Cipher.getInstance("ChaCha20");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Java 11+ runtimes have ChaCha20", e);
    }
  }

  /** The digest of the empty book. */
  public static StateDigest empty() {
    return new StateDigest(new short[LANES]);
  }

  /** Restores a digest saved with {@link #toBase64()}. */
  public static StateDigest fromBase64(String saved) {
    byte[] bytes = Base64.getDecoder().decode(saved);
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("a state digest has " + BYTES + " bytes");
    }
    short[] lanes = new short[LANES];
    for (int i = 0; i < LANES; i++) {
      lanes[i] = (short) (((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff));
    }
    return new StateDigest(lanes);
  }

  public StateDigest add(ContactDto contact) {
    combine(contact, 1);
    return this;
  }

  public StateDigest remove(ContactDto contact) {
    combine(contact, -1);
    return this;
  }

  /** SHA-256 of the lanes, hex: what the signed head carries. */
  public String digest() {
    return Hashes.sha256Hex(bytes());
  }

  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes());
  }

  private void combine(ContactDto contact, int sign) {
    byte[] stream = expand(CanonicalEncoding.contact(contact));
    for (int i = 0; i < LANES; i++) {
      int lane = ((stream[2 * i] & 0xff) << 8) | (stream[2 * i + 1] & 0xff);
      lanes[i] = (short) (lanes[i] + sign * lane);
    }
  }

  private byte[] expand(byte[] element) {
    byte[] key = Hashes.sha256().digest(element);
    if (java.util.Arrays.equals(key, lastKey)) {
      // the JDK refuses to initialise ChaCha20 twice in a row with the same key and nonce
      return lastStream;
    }
    try {
      chacha.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "ChaCha20"),
          new ChaCha20ParameterSpec(NONCE, 0));
      lastStream = chacha.doFinal(ZEROES);
      lastKey = key;
      return lastStream;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20 with a 32-byte key cannot fail", e);
    }
  }

  private byte[] bytes() {
    byte[] bytes = new byte[BYTES];
    for (int i = 0; i < LANES; i++) {
      bytes[2 * i] = (byte) (lanes[i] >>> 8);
      bytes[2 * i + 1] = (byte) lanes[i];
    }
    return bytes;
  }
}
