package org.peerbook.protocol;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node tokens, signed with the resource manager's token key. That key is endorsed by the data
 * server's book key, which every agent already trusts, so an agent can check any token alone.
 *
 * <h2>Token (version 2)</h2>
 *
 * <p>A token is ASCII text of five fields joined by {@code .} (0x2E):
 *
 * <pre>
 * token     = "v2" "." audience "." node-id "." expiry "." signature
 * audience  = "registry" / "peer"
 * node-id   = base64url of the node id's UTF-8 bytes (RFC 4648 section 5, no "=" padding), 1-684
 *             chars (a node id is at most 128 characters, so at most 512 bytes)
 * expiry    = the first instant the token is no longer valid, in seconds since 1970-01-01T00:00Z,
 *             decimal, 1-12 digits, no sign, no leading zero (except "0" itself)
 * signature = base64url, no padding, of the 64-byte Ed25519 signature (RFC 8032) of the
 *             signing input, by the token key (86 chars)
 * </pre>
 *
 * <p>The <b>signing input</b> is the UTF-8 bytes of the four lines below joined by LF (0x0A), with
 * no LF at the end: the literal {@code peerbook-node-token-v2}, the audience name as in the token,
 * the node id itself (decoded, not base64url), and the expiry in the token's decimal form. For node
 * {@code laptop-42}, audience {@code peer}, expiry {@code 1764561600}:
 *
 * <pre>
 * peerbook-node-token-v2\npeer\nlaptop-42\n1764561600     (\n: the byte 0x0A)
 * </pre>
 *
 * <p>Test vector (checked by {@code NodeTokensTest}): signed by the token key whose Ed25519 seed
 * (RFC 8032 private key) is the 32 bytes 00 01 02 .. 1f, that token is
 *
 * <pre>
 * v2.peer.bGFwdG9wLTQy.1764561600.y3sVxdnOxJgAJ24551a4d_hBI2KF903hOyOY50pqZqNbjq_iXWvf83l3NchOOJrDwqUpQsoaI5JVtvuBk4hBBA
 * </pre>
 *
 * <p>A verifier refuses a token unless all of these hold: it matches the grammar above; each field
 * is the canonical encoding of what it decodes to (re-encoding gives the same text); the signature
 * verifies under the token key; the audience is the one the verifier serves; and the verifier's
 * clock is before the expiry.
 *
 * <h2>Audiences</h2>
 *
 * <ul>
 *   <li>{@code registry}: accepted by the resource manager's node API only (heartbeat, sources,
 *       reports, deregistration, peer look-ups, and as proof of identity when a node registers
 *       again). A node never sends it anywhere else.
 *   <li>{@code peer}: accepted by sync sources only (the data server's {@code POST /api/sync} and
 *       every agent's peer port). A node sends it to every source it reads from; a source that
 *       keeps it can read from others as that node until it expires, but cannot speak for the node
 *       to the resource manager.
 * </ul>
 *
 * <p>The register and heartbeat answers carry one token of each audience (JSON members {@code
 * token.value} and {@code peerToken.value}), with the same expiry. Version 1 tokens ({@code
 * v1.<node-id>.<expiry>.<signature>}, no audience) are refused: nodes and the server ship together,
 * and the token key lives only as long as the server, so no v1 token outlives an upgrade anyway.
 *
 * <h2>Carrying a token</h2>
 *
 * <p>In an HTTP {@code Authorization} header: {@code Bearer} (exactly this case), one space, the
 * token; white space around the token is ignored.
 *
 * <h2>Endorsement of the token key</h2>
 *
 * <p>The token key is an Ed25519 public key, published as standard base64 (RFC 4648 section 4, with
 * padding) of its X.509 SubjectPublicKeyInfo DER encoding. Its endorsement is standard base64 of
 * the book key's Ed25519 signature of the UTF-8 bytes of {@code peerbook-token-key-v1}, LF, and
 * that base64 text of the token key.
 */
public final class NodeTokens {
  private static final String VERSION = "v2";
  private static final String SIGNING_LABEL = "peerbook-node-token-v2";
  private static final String BEARER = "Bearer ";
  private static final Pattern FORM =
      Pattern.compile(
          "v2\\.(registry|peer)\\.([A-Za-z0-9_-]{1,684})\\.([0-9]{1,12})\\.([A-Za-z0-9_-]{1,200})");
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

  private NodeTokens() {}

  public static String issue(PrivateKey tokenKey, NodeToken token) {
    String audience = token.audience().wireName();
    String nodeId = URL.encodeToString(token.nodeId().getBytes(StandardCharsets.UTF_8));
    long expires = token.expires().getEpochSecond();
    byte[] signature =
        Ed25519Signatures.sign(tokenKey, signingInput(audience, token.nodeId(), expires));
    return String.join(
        ".", VERSION, audience, nodeId, Long.toString(expires), URL.encodeToString(signature));
  }

  /**
   * The token's claims, if {@code tokenKey} signed them for {@code audience} and they have not
   * expired at {@code now}.
   *
   * @throws InvalidTokenException otherwise, saying why
   */
  public static NodeToken verify(
      PublicKey tokenKey, String text, NodeToken.Audience audience, Instant now) {
    if (text == null || text.isEmpty()) {
      throw new InvalidTokenException("a node token is required");
    }
    if (text.startsWith("v1.")) {
      throw new InvalidTokenException(
          "v1 node tokens (without an audience) are no longer accepted: register again");
    }
    Matcher form = FORM.matcher(text);
    if (!form.matches()) {
      throw new InvalidTokenException("the node token is malformed");
    }
    String audienceName = form.group(1);
    String nodeId;
    byte[] signature;
    long expires;
    try {
      nodeId = new String(URL_DECODER.decode(form.group(2)), StandardCharsets.UTF_8);
      expires = Long.parseLong(form.group(3));
      signature = URL_DECODER.decode(form.group(4));
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("the node token is malformed");
    }
    boolean canonical =
        URL.encodeToString(nodeId.getBytes(StandardCharsets.UTF_8)).equals(form.group(2))
            && Long.toString(expires).equals(form.group(3))
            && URL.encodeToString(signature).equals(form.group(4));
    if (!canonical
        || !Ed25519Signatures.isSignedBy(
            tokenKey, signingInput(audienceName, nodeId, expires), signature)) {
      throw new InvalidTokenException("the node token is not signed by the resource manager");
    }
    if (!audienceName.equals(audience.wireName())) {
      // signed, but for someone else: a peer token replayed to the registry, or the reverse
      throw new InvalidTokenException(
          "the node token's audience is "
              + audienceName
              + ": it is not for "
              + audience.purpose()
              + ", which accept "
              + audience.wireName()
              + " tokens only");
    }
    Instant expiry = Instant.ofEpochSecond(expires);
    if (!now.isBefore(expiry)) {
      throw new InvalidTokenException("the node token expired at " + expiry);
    }
    return new NodeToken(nodeId, audience, expiry);
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
    return Base64.getEncoder().encodeToString(Ed25519Signatures.sign(bookKey, endorsed(tokenKey)));
  }

  public static boolean isEndorsed(PublicKey bookKey, PublicKey tokenKey, String endorsement) {
    try {
      return Ed25519Signatures.isSignedBy(
          bookKey, endorsed(tokenKey), Base64.getDecoder().decode(endorsement));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The bytes a token's signature covers (see the class comment). */
  static byte[] signingInput(String audience, String nodeId, long expires) {
    return (SIGNING_LABEL + "\n" + audience + "\n" + nodeId + "\n" + expires)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] endorsed(PublicKey tokenKey) {
    return ("peerbook-token-key-v1\n" + HeadSignatures.encode(tokenKey))
        .getBytes(StandardCharsets.UTF_8);
  }
}
