package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BerFramingTest {
  private final BerFraming framing = new BerFraming();

  private boolean feed(int... bytes) {
    byte[] buffer = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      buffer[i] = (byte) bytes[i];
    }
    return framing.consume(buffer, 0, buffer.length);
  }

  @Test
  void followsAShortFormMessageByteByByte() {
    assertThat(framing.inMessage()).isFalse();
    assertThat(feed(0x30)).isFalse();
    assertThat(feed(0x03)).isFalse();
    assertThat(feed(0x02, 0x01)).isFalse();
    assertThat(framing.inMessage()).isTrue();

    assertThat(feed(0x07)).as("the last content byte ends it").isTrue();
    assertThat(framing.inMessage()).isFalse();
  }

  @Test
  void readsTheLongFormLength() {
    feed(0x30, 0x82, 0x01, 0x00);
    assertThat(framing.consume(new byte[255], 0, 255)).isFalse();
    assertThat(framing.inMessage()).isTrue();

    assertThat(feed(0x00)).isTrue();
    assertThat(framing.inMessage()).isFalse();
  }

  @Test
  void seesTheEndOfOneMessageAndTheStartOfTheNextInOneRead() {
    assertThat(feed(0x30, 0x01, 0x05, 0x30, 0x02, 0x05)).isTrue();
    assertThat(framing.inMessage()).isTrue();
    assertThat(feed(0x00)).isTrue();
    assertThat(framing.inMessage()).isFalse();
  }

  @Test
  void endsAnEmptyMessageAtItsLength() {
    assertThat(feed(0x30, 0x00)).isTrue();
    assertThat(framing.inMessage()).isFalse();
  }

  @Test
  void saturatesALengthOfManyBytesInsteadOfOverflowing() {
    int[] header = new int[2 + 127];
    header[0] = 0x30;
    header[1] = 0xff; // 127 length bytes follow
    java.util.Arrays.fill(header, 2, header.length, 0xff);
    feed(header);
    framing.consume(new byte[100_000], 0, 100_000);

    assertThat(framing.inMessage()).as("a hostile length never turns negative").isTrue();
  }

  @Test
  void neverEndsAnIndefiniteLength() {
    feed(0x30, 0x80);
    framing.consume(new byte[100_000], 0, 100_000);

    assertThat(framing.inMessage()).as("only the deadline ends it").isTrue();
  }
}
