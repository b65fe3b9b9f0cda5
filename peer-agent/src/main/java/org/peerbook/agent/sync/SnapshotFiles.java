package org.peerbook.agent.sync;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.SignedHead;

/**
 * The copy as a ready-made SNAPSHOT answer: one gzip file per version, written once when a peer
 * first needs it and then streamed to every peer that asks, so that a slow peer never holds the
 * store and no one builds the book in memory.
 */
public final class SnapshotFiles implements SnapshotKeeper {
  private static final Logger LOG = Logger.getLogger(SnapshotFiles.class.getName());
  private static final String PREFIX = "snapshot-";
  private static final String SUFFIX = ".json.gz";
  private final Path directory;
  private final LocalStore store;
  private final long maxLag;
  // the file written last, while it may be there
  private Path latest;

  /**
   * The most versions a file is offered behind the copy, as the data server's default ({@code
   * peerbook.sync.snapshot-max-lag}): beyond it a requester's delta would cost more than a new
   * file.
   */
  static final long MAX_LAG = 1000;

  /** A lag within the copy's log of {@code retainedEntries}, with room for the copy to move on. */
  public static long maxLagFor(int retainedEntries) {
    return Math.min(MAX_LAG, retainedEntries / 2);
  }

  /** Files at the copy's current version only. */
  public SnapshotFiles(Path directory, LocalStore store) {
    this(directory, store, 0);
  }

  /**
   * @param maxLag how many versions the copy may have moved past a file written earlier for that
   *     file to be offered still (a requester catches up from the copy's log); the copy's log must
   *     hold at least that many entries
   */
  public SnapshotFiles(Path directory, LocalStore store, long maxLag) {
    this.directory = directory;
    this.store = store;
    this.maxLag = maxLag;
    try {
      Files.createDirectories(directory);
      deleteAllBut(null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + directory, e);
    }
  }

  /** The gzipped snapshot of the copy at its current version; empty if the copy never synced. */
  public synchronized Optional<Path> current() {
    long version = store.version();
    Path ready = directory.resolve(PREFIX + version + SUFFIX);
    if (Files.exists(ready)) {
      return Optional.of(ready);
    }
    try {
      return write();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a snapshot into " + directory, e);
    }
  }

  /**
   * The gzipped snapshot of the copy, if it is at {@code version} or later: a requester is never
   * sent a snapshot older than the version it holds (it would refuse it as a rollback, or, at the
   * same version, ask again forever). Empty if the copy never synced or is behind {@code version}.
   */
  public Optional<Path> currentFrom(long version) {
    Optional<Path> recent = recent(version);
    if (recent.isPresent()) {
      return recent;
    }
    return current().filter(file -> versionOf(file) >= version);
  }

  /**
   * The file written last, if it is newer than the requester's {@code version} and at most {@code
   * maxLag} versions behind the copy: a copy that moves on does not read and compress all its
   * contacts again for every peer that syncs from it afresh.
   */
  private synchronized Optional<Path> recent(long version) {
    if (latest == null || !Files.exists(latest)) {
      return Optional.empty();
    }
    long written = versionOf(latest);
    return written > version && store.version() - written <= maxLag
        ? Optional.of(latest)
        : Optional.empty();
  }

  /** The version of the book a snapshot file of this class holds. */
  static long versionOf(Path file) {
    String name = file.getFileName().toString();
    if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
      throw new IllegalArgumentException(file + " is not a snapshot file");
    }
    return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
  }

  private Optional<Path> write() throws IOException {
    Path partial = Files.createTempFile(directory, "partial-", SUFFIX);
    try {
      JsonWriter json;
      try (Writer out =
          new BufferedWriter(
              new OutputStreamWriter(
                  new GZIPOutputStream(Files.newOutputStream(partial), 64 * 1024),
                  StandardCharsets.UTF_8))) {
        json = new JsonWriter(out);
        if (!store.exportSnapshot(json)) {
          return Optional.empty();
        }
        out.write(AnswerJson.SNAPSHOT_CLOSING);
      }
      long version = json.head.version();
      Path file = install(partial, version);
      LOG.info(() -> "wrote the snapshot at version " + version + " for peers");
      return Optional.of(file);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  @Override
  public Optional<Path> newFile() {
    try {
      return Optional.of(Files.createTempFile(directory, "received-", SUFFIX));
    } catch (IOException e) {
      LOG.fine(() -> "cannot keep a received snapshot in " + directory + ": " + e);
      return Optional.empty();
    }
  }

  /**
   * Takes a received snapshot as the file of its version, if the copy is still at that version and
   * no newer file was written meanwhile; else deletes it. A start deletes what a crash left.
   */
  @Override
  public synchronized void keep(Path received, SignedHead head) {
    long version = head.version();
    try {
      if (store.version() != version || (latest != null && versionOf(latest) >= version)) {
        Files.deleteIfExists(received);
        return;
      }
      install(received, version);
      LOG.info(() -> "kept the snapshot at version " + version + " as received, for peers");
    } catch (IOException e) {
      LOG.fine(() -> "cannot keep the received snapshot " + received + ": " + e);
      try {
        Files.deleteIfExists(received);
      } catch (IOException again) {
        // the next snapshot or start deletes it
      }
    }
  }

  /** Makes {@code ready} the file of {@code version}, offered from now on, and drops the rest. */
  private Path install(Path ready, long version) throws IOException {
    Path file = directory.resolve(PREFIX + version + SUFFIX);
    Files.move(ready, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    // peers still reading an older file keep it open: on POSIX and with Windows' shared deletes
    // (NIO opens files so) its name goes and the readers go on; otherwise it stays a while
    latest = file;
    deleteAllBut(file);
    return file;
  }

  // Best effort: where a file still open cannot be deleted (Windows, for a reader that did not
  // open it for sharing), it stays until the next snapshot or start deletes it.
  private void deleteAllBut(Path keep) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        if (!file.equals(keep)) {
          try {
            Files.deleteIfExists(file);
          } catch (IOException e) {
            LOG.fine(() -> "cannot delete " + file + " yet: " + e);
          }
        }
      }
    }
  }

  /** Writes the store's contacts, already encoded as JSON, between the snapshot's framing. */
  private static final class JsonWriter implements LocalStore.SnapshotWriter {
    private final Writer out;
    private SignedHead head;
    private boolean first = true;

    JsonWriter(Writer out) {
      this.out = out;
    }

    @Override
    public void head(SignedHead head) throws IOException {
      this.head = head;
      out.write(AnswerJson.snapshotOpening(head));
    }

    @Override
    public void contact(String json) throws IOException {
      if (!first) {
        out.write(',');
      }
      first = false;
      out.write(json);
    }
  }
}
