package org.peerbook.agent.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.SyncResponder;
import org.peerbook.protocol.serving.GzippedSnapshot;
import org.peerbook.protocol.serving.RefusedException;
import org.peerbook.protocol.serving.SyncServing;

/**
 * The agent as a source for other peers: its copy, its snapshot files, and a pull from a requester
 * that is ahead of it (F4). How a request is served is {@link SyncServing}'s, as on the data
 * server.
 */
final class PeerSource implements SyncServing.Source {
  private final PeerLog log;
  private final SnapshotFiles snapshots;
  private final LongSupplier version;
  private final RequesterPulls requesterPulls;
  private final Executor pulls;

  /**
   * @param pulls where F4 pulls run, off the serving thread
   */
  PeerSource(
      LocalStore store, SnapshotFiles snapshots, RequesterPulls requesterPulls, Executor pulls) {
    this.log = new PeerLog(store);
    this.snapshots = snapshots;
    this.version = store::version;
    this.requesterPulls = requesterPulls;
    this.pulls = pulls;
  }

  @Override
  public SyncResponder.Log log() {
    return log;
  }

  /** Never older than the requester: a 503 sends it to its next source instead. */
  @Override
  public GzippedSnapshot snapshotFrom(SyncRequest request) {
    long requesterVersion = request.version();
    Path file =
        snapshots
            .currentFrom(requesterVersion)
            .orElseThrow(
                () ->
                    RefusedException.notReady(
                        "no snapshot at version " + requesterVersion + " or later yet"));
    try {
      SeekableByteChannel channel = Files.newByteChannel(file);
      return new GzippedSnapshot(Channels.newInputStream(channel), channel.size());
    } catch (NoSuchFileException e) {
      throw RefusedException.busy("the snapshot is being renewed", 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the snapshot " + file, e);
    }
  }

  /** F4: the requester is ahead of us, so we pull from it, where the registry lists it. */
  @Override
  public SyncAnswer requesterNewer(SyncRequest request, SyncAnswer.RequesterNewer answer) {
    if (request.syncAddress() != null) {
      pulls.execute(
          () -> {
            if (version.getAsLong() < request.version()) {
              requesterPulls.requesterAhead(request.nodeId(), request.syncAddress());
            }
          });
    }
    return answer;
  }
}
