package org.peerbook.agent.transport;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.zip.CRC32;
import org.peerbook.agent.sync.SnapshotKeeper;
import org.peerbook.protocol.AnswerHandler;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SyncAnswer;

/**
 * Copies a gzipped answer's bytes as they arrive, so that a snapshot the copy then holds can be
 * served to peers as it came: otherwise the first peer to sync afresh from this agent waits while
 * it reads and compresses its whole copy again (about 2 s of CPU at 100,000 contacts). Until the
 * answer shows itself a snapshot its bytes are held in memory, at most {@link #HELD_BYTES} (deltas
 * are written nowhere); from then on they go to the keeper's file.
 *
 * <p>The file is handed to the keeper only if the snapshot was read to its end and applied, and if
 * the file ends with the gzip trailer of exactly the bytes read: one gzip member and nothing after
 * it, so peers get just what this copy verified. Anything else deletes it; a failure to write it
 * never fails the sync.
 */
final class SnapshotTee extends FilterInputStream {
  private static final Logger LOG = Logger.getLogger(SnapshotTee.class.getName());

  /** More than an answer's head and the start of its contacts, in any compression. */
  static final int HELD_BYTES = 1 << 20;

  private final SnapshotKeeper keeper;
  private ByteArrayOutputStream held = new ByteArrayOutputStream();
  private Path file;
  private OutputStream copy;
  private final CRC32 decodedCrc = new CRC32();
  private long decodedLength;
  private SignedHead applied;

  /**
   * @param raw the answer's body as it came, before gunzip
   */
  SnapshotTee(InputStream raw, SnapshotKeeper keeper) {
    super(raw);
    this.keeper = keeper;
  }

  /** The gunzipped answer, read through here so that the trailer can be checked against it. */
  InputStream decoded(InputStream gunzipped) {
    return new FilterInputStream(gunzipped) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          decodedCrc.update(b);
          decodedLength++;
        }
        return b;
      }

      @Override
      public int read(byte[] into, int offset, int length) throws IOException {
        int n = super.read(into, offset, length);
        if (n > 0) {
          decodedCrc.update(into, offset, n);
          decodedLength += n;
        }
        return n;
      }
    };
  }

  /** {@code handler}, with this tee told when a snapshot begins and when it was applied. */
  <T> AnswerHandler<T> watching(AnswerHandler<T> handler) {
    return new AnswerHandler<>() {
      @Override
      public T answer(SyncAnswer answer) {
        stop();
        return handler.answer(answer);
      }

      @Override
      public T snapshot(SignedHead head, Iterator<ContactDto> contacts) {
        copyToFile();
        T result = handler.snapshot(head, contacts);
        applied = head;
        return result;
      }
    };
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      copy(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    int n = super.read(into, offset, length);
    if (n > 0) {
      copy(into, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // gunzip never skips raw bytes; a skip would leave a hole in the copy
    stop();
    return super.skip(n);
  }

  private void copy(byte[] bytes, int offset, int length) {
    if (held != null) {
      held.write(bytes, offset, length);
      if (held.size() > HELD_BYTES) {
        stop();
      }
    } else if (copy != null) {
      try {
        copy.write(bytes, offset, length);
      } catch (IOException e) {
        LOG.fine(() -> "stopped keeping a received snapshot: " + e);
        stop();
      }
    }
  }

  private void copyToFile() {
    if (held == null) {
      return;
    }
    Optional<Path> into = keeper.newFile();
    if (into.isEmpty()) {
      stop();
      return;
    }
    file = into.get();
    try {
      copy = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
      held.writeTo(copy);
      held = null;
    } catch (IOException e) {
      LOG.fine(() -> "cannot keep a received snapshot in " + file + ": " + e);
      stop();
    }
  }

  /** Keeps nothing of this answer. */
  private void stop() {
    held = null;
    closeCopy();
    deleteFile();
  }

  /**
   * Called once the answer was read to its end: hands the file to the keeper if it holds a snapshot
   * the copy now holds, exactly.
   */
  void finish() {
    if (applied == null || copy == null) {
      stop();
      return;
    }
    closeCopy();
    if (endsWithTrailerOfWhatWasRead()) {
      Path kept = file;
      file = null;
      keeper.keep(kept, applied);
    } else {
      LOG.fine(() -> "a received snapshot was not one gzip member alone: not kept");
      deleteFile();
    }
  }

  /** The gzip trailer: CRC-32 and length (modulo 2^32) of the gunzipped bytes, little-endian. */
  private boolean endsWithTrailerOfWhatWasRead() {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      if (in.length() < 18) {
        return false;
      }
      in.seek(in.length() - 8);
      byte[] trailer = new byte[8];
      in.readFully(trailer);
      return littleEndian(trailer, 0) == decodedCrc.getValue()
          && littleEndian(trailer, 4) == (decodedLength & 0xffffffffL);
    } catch (IOException e) {
      return false;
    }
  }

  private static long littleEndian(byte[] bytes, int at) {
    return (bytes[at] & 0xffL)
        | (bytes[at + 1] & 0xffL) << 8
        | (bytes[at + 2] & 0xffL) << 16
        | (bytes[at + 3] & 0xffL) << 24;
  }

  private void closeCopy() {
    if (copy != null) {
      try {
        copy.close();
      } catch (IOException e) {
        LOG.fine(() -> "cannot close a received snapshot's copy: " + e);
      }
      copy = null;
    }
  }

  private void deleteFile() {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.fine(() -> "cannot delete " + file + " yet: " + e);
      }
      file = null;
    }
  }

  /**
   * Deletes a copy that was not handed over: called however the answer ended. Closing the stream
   * does not (the JSON reader closes it before {@link #finish()}).
   */
  void discardUnkept() {
    stop();
  }
}
