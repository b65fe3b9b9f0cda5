package org.peerbook.agent.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The local lookup token, read from a file so that it shows in no process list. */
final class LookupToken {
  private static final int MAX_BYTES = 4096;

  private LookupToken() {}

  /**
   * The file's content without surrounding white space.
   *
   * @throws IllegalArgumentException if it cannot be read, is empty, too long or not one line of
   *     visible ASCII (what an HTTP header can carry)
   */
  static String read(Path file) {
    String token;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException(file + " is larger than " + MAX_BYTES + " bytes");
      }
      token = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (token.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no token");
    }
    if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          file + " must hold one token of visible ASCII characters, no spaces");
    }
    return token;
  }
}
