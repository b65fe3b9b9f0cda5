package org.peerbook.protocol.serving;

import java.io.InputStream;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.SyncResponder;
import org.peerbook.protocol.WireJson;

/**
 * Serves {@code POST /api/sync} the same way on the data server and on every agent; only the {@link
 * Gate} and the {@link Source} differ, and the HTTP server that sends the {@link SyncReply}.
 *
 * <p>The steps, in this order (PROTOCOL.md section 11.2): read the request strictly (400), let the
 * gate check the token and what it entitles (401, 403, 429), take a serving slot (503), decide with
 * {@link SyncResponder}, and answer: JSON gzipped when taken and worth it, or the source's gzipped
 * snapshot, never older than the requester. The transport bounds the body and the time beforehand.
 */
public final class SyncServing {
  private static final Logger LOG = Logger.getLogger(SyncServing.class.getName());

  /** Who may be served, checked before a serving slot is taken. */
  @FunctionalInterface
  public interface Gate {
    /**
     * @param authorization the {@code Authorization} header, null if there was none
     * @throws org.peerbook.protocol.InvalidTokenException for a missing or invalid token (401)
     * @throws RefusedException for a token that does not entitle the request (403), a requester
     *     over its rate (429) or a source that cannot check tokens yet (503)
     */
    void admit(SyncRequest request, String authorization);
  }

  /** What differs between sources: their log, their snapshots, and a requester ahead of them. */
  public interface Source {
    SyncResponder.Log log();

    /**
     * The whole book as a gzipped SNAPSHOT answer at the requester's version or later.
     *
     * @throws RefusedException 503 if there is none yet, or it is being replaced; 429 if the
     *     requester asked for more snapshots than this source sends one node
     */
    GzippedSnapshot snapshotFrom(SyncRequest request);

    /**
     * What to answer a requester ahead of this source: agents answer it (and may pull from it); the
     * data server, the origin, refuses with 409 since nobody can be ahead of it.
     */
    SyncAnswer requesterNewer(SyncRequest request, SyncAnswer.RequesterNewer answer);

    /** Counts an answer that is about to be sent ({@code bytes} before any gzip of a delta). */
    default void answered(SyncAnswer.Kind kind, int entries, long bytes) {}
  }

  private final Gate gate;
  private final Source source;
  private final ServingSlots slots;

  public SyncServing(Gate gate, Source source, ServingSlots slots) {
    this.gate = gate;
    this.source = source;
    this.slots = slots;
  }

  public ServingSlots slots() {
    return slots;
  }

  /**
   * Answers one request. Never throws: refusals and failures come back as problem replies.
   *
   * @param body the request body, already bounded in size and time by the transport
   * @param authorization the {@code Authorization} header, or null
   * @param acceptEncoding the {@code Accept-Encoding} header, or null
   * @param instance the request path for problem bodies' {@code instance}, or null
   */
  public SyncReply serve(
      InputStream body, String authorization, String acceptEncoding, String instance) {
    Runnable release = () -> {};
    try {
      SyncRequest request = WireJson.readSyncRequest(WireJson.parse(body));
      gate.admit(request, authorization);
      release = slots.take(request.nodeId());
      return answer(request, SyncBinding.acceptsGzip(acceptEncoding), release);
    } catch (RuntimeException e) {
      release.run();
      ProblemDetails problem = ProblemDetails.of(e);
      if (problem == null) {
        LOG.log(Level.WARNING, "failed to serve a sync request", e);
        problem = ProblemDetails.internalError();
      }
      return SyncReply.problem(problem, instance, () -> {});
    }
  }

  private SyncReply answer(SyncRequest request, boolean gzip, Runnable release) {
    SyncResponder.Decision decision = SyncResponder.decide(request, source.log());
    SyncAnswer answer = decision.answer();
    switch (decision.kind()) {
      case SNAPSHOT -> {
        GzippedSnapshot snapshot = source.snapshotFrom(request);
        source.answered(SyncAnswer.Kind.SNAPSHOT, 0, snapshot.length());
        return SyncReply.snapshot(snapshot, gzip, release);
      }
      case REQUESTER_NEWER ->
          answer = source.requesterNewer(request, (SyncAnswer.RequesterNewer) answer);
      default -> {
        // EQUAL and DELTA are decided in full
      }
    }
    byte[] json = AnswerJson.bytes(answer);
    int entries = answer instanceof SyncAnswer.Delta delta ? delta.entries().size() : 0;
    source.answered(decision.kind(), entries, json.length);
    return SyncReply.answer(json, gzip, release);
  }
}
