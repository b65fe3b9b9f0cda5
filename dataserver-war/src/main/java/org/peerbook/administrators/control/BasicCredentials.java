package org.peerbook.administrators.control;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The name and password of an RFC 7617 {@code Authorization: Basic} header, in UTF-8. Anything else
 * (another scheme, bad base64, no colon) is simply no credentials: the request then counts as
 * anonymous, never as an error of the server.
 */
public record BasicCredentials(String name, char[] password) {
  private static final String SCHEME = "basic ";

  public static Optional<BasicCredentials> parse(String authorization) {
    if (authorization == null
        || authorization.length() <= SCHEME.length()
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return Optional.empty();
    }
    String decoded;
    try {
      byte[] bytes = Base64.getDecoder().decode(authorization.substring(SCHEME.length()).strip());
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new BasicCredentials(
            decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray()));
  }
}
