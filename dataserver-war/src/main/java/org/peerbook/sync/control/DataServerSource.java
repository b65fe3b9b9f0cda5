package org.peerbook.sync.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.book.control.BookLog;
import org.peerbook.limits.control.RequestRates;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.SyncResponder;
import org.peerbook.protocol.serving.GzippedSnapshot;
import org.peerbook.protocol.serving.RefusedException;
import org.peerbook.protocol.serving.ServingSlots;
import org.peerbook.protocol.serving.SyncServing;

/**
 * The data server as a source: the book's log, the cached snapshot, and no requester ahead of it.
 * How a request is served is {@link SyncServing}'s, as on every agent.
 */
@ApplicationScoped
public class DataServerSource implements SyncServing.Source {
  @Inject
  @ConfigProperty(name = "peerbook.sync.answers-per-node", defaultValue = "2")
  int answersPerNode;

  // the container's request threads and the rate limits bound the data server, not slots; one
  // node may hold only a few of those threads at once
  private ServingSlots slots;

  @EJB BookLog log;
  @EJB SnapshotCache snapshots;
  @Inject SyncCounters counters;
  @Inject RequestRates rates;

  @PostConstruct
  void createSlots() {
    if (answersPerNode < 1) {
      throw new IllegalStateException(
          "peerbook.sync.answers-per-node must be at least 1, was " + answersPerNode);
    }
    slots = ServingSlots.unlimited(answersPerNode);
  }

  public ServingSlots slots() {
    return slots;
  }

  @Override
  public SyncResponder.Log log() {
    return log;
  }

  /**
   * The cached snapshot, never older than the requester's version (see {@link SnapshotCache}),
   * within the requester's rate of snapshots.
   */
  @Override
  public GzippedSnapshot snapshotFrom(SyncRequest request) {
    // before the cache is asked: a snapshot that does not serve the requester is built on the spot
    rates.admitSnapshot(request.nodeId());
    BookLog.HeadView view = log.headView();
    byte[] gzipped =
        snapshots
            .snapshotFor(request.version(), view.head().version(), view.logFloor())
            .gzippedJson();
    return new GzippedSnapshot(new ByteArrayInputStream(gzipped), gzipped.length);
  }

  /** The data server is the origin: nobody can be ahead of it. */
  @Override
  public SyncAnswer requesterNewer(SyncRequest request, SyncAnswer.RequesterNewer answer) {
    throw new RefusedException(
        409,
        "Version beyond the head",
        "version "
            + request.version()
            + " is beyond the data server's head "
            + answer.sourceVersion(),
        0);
  }

  @Override
  public void answered(SyncAnswer.Kind kind, int entries, long bytes) {
    counters.answered(kind, entries, bytes);
  }
}
