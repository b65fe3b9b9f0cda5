package org.peerbook.sync.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.SyncAnswer;

/**
 * What the data server served over the sync protocol since it started: the figure that shows
 * whether peers really carry the load.
 */
@ApplicationScoped
public class SyncCounters {
  private final Map<SyncAnswer.Kind, LongAdder> answers = new EnumMap<>(SyncAnswer.Kind.class);
  private final LongAdder entriesSent = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private volatile Built cached;

  /** What the snapshot cache holds, without its bytes. */
  private record Built(long version, int contacts, int gzippedBytes) {}

  public SyncCounters() {
    for (SyncAnswer.Kind kind : SyncAnswer.Kind.values()) {
      answers.put(kind, new LongAdder());
    }
  }

  public void answered(SyncAnswer.Kind kind, int entries, long bytes) {
    answers.get(kind).increment();
    entriesSent.add(entries);
    bytesSent.add(bytes);
  }

  /** The snapshot now cached for requesters. */
  public void snapshotBuilt(Snapshot snapshot) {
    cached = new Built(snapshot.version(), snapshot.contacts(), snapshot.gzippedJson().length);
  }

  public long answers(SyncAnswer.Kind kind) {
    return answers.get(kind).sum();
  }

  public long bytesSent() {
    return bytesSent.sum();
  }

  public JsonObject toJson() {
    var byKind = JsonBuilders.object();
    long total = 0;
    for (var answer : answers.entrySet()) {
      byKind.add(answer.getKey().name(), answer.getValue().sum());
      total += answer.getValue().sum();
    }
    var json =
        JsonBuilders.object()
            .add("requests", total)
            .add("answers", byKind)
            .add("entriesSent", entriesSent.sum())
            .add("bytesSent", bytesSent.sum());
    Built snapshot = cached;
    if (snapshot != null) {
      json.add(
          "snapshot",
          JsonBuilders.object()
              .add("version", snapshot.version())
              .add("contacts", snapshot.contacts())
              .add("gzippedBytes", snapshot.gzippedBytes()));
    }
    return json.build();
  }
}
