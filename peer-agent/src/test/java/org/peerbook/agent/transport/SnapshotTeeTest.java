package org.peerbook.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.sync.SnapshotKeeper;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.AnswerHandler;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StreamingAnswerReader;
import org.peerbook.protocol.SyncAnswer;

class SnapshotTeeTest {
  @TempDir Path dir;
  private final TestBook book =
      new TestBook().upsert(TestBook.contact("a", "Ann")).upsert(TestBook.contact("b", "张伟"));
  private final List<Path> kept = new ArrayList<>();
  private final List<SignedHead> keptHeads = new ArrayList<>();
  private int filesAsked;

  private final SnapshotKeeper keeper =
      new SnapshotKeeper() {
        @Override
        public Optional<Path> newFile() {
          filesAsked++;
          try {
            return Optional.of(Files.createTempFile(dir, "received-", ".gz"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public void keep(Path file, SignedHead head) {
          kept.add(file);
          keptHeads.add(head);
        }
      };

  /** Reads {@code body} as the client does, each contact checked by {@code check}. */
  private void read(byte[] body, java.util.function.Consumer<ContactDto> check) throws IOException {
    SnapshotTee tee = new SnapshotTee(new ByteArrayInputStream(body), keeper);
    try {
      StreamingAnswerReader.read(
          tee.decoded(new GZIPInputStream(tee)),
          tee.watching(
              new AnswerHandler<Void>() {
                @Override
                public Void answer(SyncAnswer answer) {
                  return null;
                }

                @Override
                public Void snapshot(SignedHead head, Iterator<ContactDto> contacts) {
                  contacts.forEachRemaining(check);
                  return null;
                }
              }));
      tee.finish();
    } finally {
      tee.discardUnkept();
    }
  }

  private byte[] snapshotJson() {
    return AnswerJson.toJson(
            new SyncAnswer.Snapshot(book.head(), book.contacts.values().stream().toList()))
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Each of {@code members} gzipped as a member of its own, one after the other. */
  private static byte[] gzip(byte[]... members) throws IOException {
    var out = new ByteArrayOutputStream();
    for (byte[] member : members) {
      var one = new ByteArrayOutputStream();
      try (var gzip = new GZIPOutputStream(one)) {
        gzip.write(member);
      }
      one.writeTo(out);
    }
    return out.toByteArray();
  }

  private List<Path> filesLeft() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> !kept.contains(file)).toList();
    }
  }

  @Test
  void keepsASnapshotReadWholeAsItCame() throws IOException {
    byte[] body = gzip(snapshotJson());

    read(body, contact -> {});

    assertThat(kept).hasSize(1);
    assertThat(Files.readAllBytes(kept.get(0))).isEqualTo(body);
    assertThat(keptHeads).containsExactly(book.head());
  }

  @Test
  void writesNothingForAnAnswerThatIsNoSnapshot() throws IOException {
    String delta = AnswerJson.toJson(new SyncAnswer.Equal(book.head())).toString();

    read(gzip(delta.getBytes(StandardCharsets.UTF_8)), contact -> {});

    assertThat(filesAsked).isZero();
    assertThat(kept).isEmpty();
  }

  @Test
  void keepsNothingOfASnapshotWithBytesAfterItsGzipOrInTwoMembers() throws IOException {
    byte[] json = snapshotJson();
    byte[] trailing = gzip(json);
    trailing = java.util.Arrays.copyOf(trailing, trailing.length + 9);
    System.arraycopy(
        "not gzip!".getBytes(StandardCharsets.US_ASCII), 0, trailing, trailing.length - 9, 9);
    int half = json.length / 2;

    read(trailing, contact -> {});
    read(
        gzip(
            java.util.Arrays.copyOf(json, half),
            java.util.Arrays.copyOfRange(json, half, json.length)),
        contact -> {});

    assertThat(filesAsked).as("both were snapshots").isEqualTo(2);
    assertThat(kept).isEmpty();
    assertThat(filesLeft()).isEmpty();
  }

  @Test
  void keepsNothingOfASnapshotTheCopyRefused() throws IOException {
    byte[] body = gzip(snapshotJson());

    assertThatThrownBy(
            () ->
                read(
                    body,
                    contact -> {
                      throw new IllegalStateException("refused " + contact.id());
                    }))
        .hasMessageContaining("refused a");

    assertThat(kept).isEmpty();
    assertThat(filesLeft()).isEmpty();
  }
}
