package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldOutputTest {
  /** What reached the socket, one element per write. */
  private final List<String> writes = new ArrayList<>();

  private final OutputStream socket =
      new OutputStream() {
        @Override
        public void write(int b) {
          writes.add(String.valueOf((char) b));
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
          writes.add(new String(bytes, offset, length));
        }
      };

  private final HeldOutput output = new HeldOutput(socket);

  @Test
  void sendsWhatASearchWroteInOneWriteWhenItEnds() throws IOException {
    output.hold();
    output.write("entry1".getBytes());
    output.write("entry2".getBytes());
    output.flush();

    assertThat(writes).isEmpty();
    output.release();
    assertThat(writes).containsExactly("entry1entry2");
    output.write("done".getBytes());
    assertThat(writes).containsExactly("entry1entry2", "done");
  }

  @Test
  void writesThroughWhenNothingIsHeld() throws IOException {
    output.write("bind".getBytes());
    output.write('!');

    assertThat(writes).containsExactly("bind", "!");
  }

  @Test
  void sendsOnceItHoldsABuffersWorth() throws IOException {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    HeldOutput large = new HeldOutput(sent);
    large.hold();
    large.write(new byte[HeldOutput.HELD_BYTES - 1]);
    assertThat(sent.size()).isZero();

    large.write(new byte[2]);

    assertThat(sent.size()).isEqualTo(HeldOutput.HELD_BYTES - 1);
    large.release();
    assertThat(sent.size()).isEqualTo(HeldOutput.HELD_BYTES + 1);
  }
}
