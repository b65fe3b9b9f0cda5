package org.peerbook.agent.directory;

/**
 * Follows the BER framing of the LDAP messages a client sends (each a tag, a definite length and
 * that many bytes) to tell whether a message is still arriving. It reads only the framing, never
 * the content, and accepts any tag: the LDAP SDK refuses what is not an LDAP message.
 */
final class BerFraming {
  private enum State {
    TAG,
    FIRST_LENGTH_BYTE,
    MORE_LENGTH_BYTES,
    CONTENT
  }

  private State state = State.TAG;
  private long remaining;
  private int lengthBytes;

  /** Whether a message has begun and not ended yet. */
  boolean inMessage() {
    return state != State.TAG;
  }

  /**
   * Follows these bytes of the stream.
   *
   * @return whether a message ended in them
   */
  boolean consume(byte[] bytes, int offset, int length) {
    boolean ended = false;
    int i = offset;
    int end = offset + length;
    while (i < end) {
      if (state == State.CONTENT) {
        int skipped = (int) Math.min(remaining, end - i);
        i += skipped;
        remaining -= skipped;
        if (remaining == 0) {
          state = State.TAG;
          ended = true;
        }
        continue;
      }
      int b = bytes[i++] & 0xff;
      switch (state) {
        case TAG -> state = State.FIRST_LENGTH_BYTE;
        case FIRST_LENGTH_BYTE -> {
          if ((b & 0x80) == 0) {
            startContent(b);
          } else {
            // the long form; 0x80 (indefinite) is not allowed in LDAP: it never ends, so the
            // message deadline cuts it
            lengthBytes = b & 0x7f;
            remaining = 0;
            if (lengthBytes == 0) {
              startContent(Long.MAX_VALUE);
            } else {
              state = State.MORE_LENGTH_BYTES;
            }
          }
        }
        case MORE_LENGTH_BYTES -> {
          // a length beyond 2^55 bytes saturates (it never ends either): never a negative count
          remaining = remaining > Long.MAX_VALUE >> 8 ? Long.MAX_VALUE : (remaining << 8) | b;
          if (--lengthBytes == 0) {
            startContent(remaining);
          }
        }
        default -> throw new IllegalStateException("content is skipped above");
      }
      ended |= state == State.TAG;
    }
    return ended;
  }

  private void startContent(long length) {
    remaining = length;
    state = length == 0 ? State.TAG : State.CONTENT;
  }
}
