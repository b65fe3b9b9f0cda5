package org.peerbook.protocol;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Node tokens: {@code v1.<node id, base64url>.<expiry, epoch seconds>.<Ed25519 signature,
 * base64url>}, signed with the resource manager's token key. That key is endorsed by the data
 * server's book key, which every agent already trusts, so an agent can check any token alone.
 */
public final class NodeTokens {
  private static final String VERSION = "v1";
  private static final String BEARER = "Bearer ";
  private static final Pattern FORM =
      Pattern.compile("v1\\.[A-Za-z0-9_-]{1,200}\\.[0-9]{1,12}\\.[A-Za-z0-9_-]{1,200}");
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

  private NodeTokens() {}

  public static String issue(PrivateKey tokenKey, NodeToken token) {
    String nodeId = URL.encodeToString(token.nodeId().getBytes(StandardCharsets.UTF_8));
    long expires = token.expires().getEpochSecond();
    byte[] signature = HeadSignatures.sign(tokenKey, signed(token.nodeId(), expires));
    return VERSION + "." + nodeId + "." + expires + "." + URL.encodeToString(signature);
  }

  /**
   * The token's claims, if {@code tokenKey} signed them and they have not expired at {@code now}.
   *
   * @throws InvalidTokenException otherwise, saying why
   */
  public static NodeToken verify(PublicKey tokenKey, String text, Instant now) {
    if (text == null || text.isEmpty()) {
      throw new InvalidTokenException("a node token is required");
    }
    if (!FORM.matcher(text).matches()) {
      throw new InvalidTokenException("the node token is malformed");
    }
    String[] parts = text.split("\\.");
    String nodeId;
    byte[] signature;
    long expires;
    try {
      nodeId = new String(URL_DECODER.decode(parts[1]), StandardCharsets.UTF_8);
      signature = URL_DECODER.decode(parts[3]);
      expires = Long.parseLong(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("the node token is malformed");
    }
    boolean canonical =
        URL.encodeToString(signature).equals(parts[3])
            && URL.encodeToString(nodeId.getBytes(StandardCharsets.UTF_8)).equals(parts[1])
            && Long.toString(expires).equals(parts[2]);
    if (!canonical || !HeadSignatures.isSignedBy(tokenKey, signed(nodeId, expires), signature)) {
      throw new InvalidTokenException("the node token is not signed by the resource manager");
    }
    Instant expiry = Instant.ofEpochSecond(expires);
    if (!now.isBefore(expiry)) {
      throw new InvalidTokenException("the node token expired at " + expiry);
    }
    return new NodeToken(nodeId, expiry);
  }

  /**
   * The token in an HTTP {@code Authorization: Bearer <token>} header.
   *
   * @throws InvalidTokenException if the header carries none
   */
  public static String fromAuthorization(String header) {
    if (header == null || !header.startsWith(BEARER)) {
      throw new InvalidTokenException("a node token is required: Authorization: Bearer <token>");
    }
    return header.substring(BEARER.length()).trim();
  }

  /** The book key's endorsement of the token key: what makes an agent trust the token key. */
  public static String endorse(PrivateKey bookKey, PublicKey tokenKey) {
    return Base64.getEncoder().encodeToString(HeadSignatures.sign(bookKey, endorsed(tokenKey)));
  }

  public static boolean isEndorsed(PublicKey bookKey, PublicKey tokenKey, String endorsement) {
    try {
      return HeadSignatures.isSignedBy(
          bookKey, endorsed(tokenKey), Base64.getDecoder().decode(endorsement));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] signed(String nodeId, long expires) {
    return ("peerbook-node-token-v1\n" + nodeId + "\n" + expires).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] endorsed(PublicKey tokenKey) {
    return ("peerbook-token-key-v1\n" + HeadSignatures.encode(tokenKey))
        .getBytes(StandardCharsets.UTF_8);
  }
}
