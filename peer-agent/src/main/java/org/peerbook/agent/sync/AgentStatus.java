package org.peerbook.agent.sync;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.transport.PeerServer;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.serving.ServingSlots;

/** The agent's {@code GET /lookup/status}: its copy, membership, sources, serving and sync. */
record AgentStatus(
    String nodeId,
    URI syncAddress,
    LocalStore store,
    AtomicLong knownHead,
    Membership membership,
    SourceSyncs syncs,
    PeerServer peers,
    ReceivedBytes received,
    RegistryClock registryClock) {

  JsonStructure json() {
    // the copy first: the sources read after it name every source of what it shows
    LocalStore.Summary copy = store.summary();
    JsonArrayBuilder sources = JsonBuilders.array();
    syncs.lastSources().forEach(sources::add);
    return JsonBuilders.object()
        .add("nodeId", nodeId)
        .add("registered", membership.registered())
        .add("version", copy.version())
        .add("headHash", store.headHash())
        .add("knownHeadVersion", knownHead.get())
        .add("contacts", copy.contacts())
        .add("indexing", store.indexing())
        .add("lastSources", sources)
        .add("servingNow", peers.load())
        .add("served", served())
        .add(
            "received",
            JsonBuilders.object()
                .add("peer", received.fromPeers())
                .add("dataServer", received.fromDataServer()))
        .add("syncAddress", syncAddress.toString())
        .add("lastRefusal", syncs.lastRefusal())
        .add("copyProblem", store.problem())
        .add("hedgedCopies", syncs.hedgedCopies())
        .add("sync", runningSync())
        // how far the resource manager's clock is ahead of this machine's: 0 while they agree
        .add("clockOffsetSeconds", registryClock.offset().toSeconds())
        .build();
  }

  private JsonStructure served() {
    ServingSlots.Served served = peers.served();
    return JsonBuilders.object()
        .add("requests", served.requests())
        .add("peak", served.peak())
        .add("busySeconds", served.busySeconds())
        .build();
  }

  /** The running sync, or {@code null} when none runs. */
  private JsonValue runningSync() {
    return syncs
        .progress()
        .now()
        .<JsonValue>map(
            now ->
                JsonBuilders.object()
                    .add("source", now.source())
                    .add("phase", now.phase().name())
                    .add("done", now.done())
                    .add("toVersion", now.toVersion())
                    .add("since", now.since().toString())
                    .add("seconds", now.running().toMillis() / 1000.0)
                    .build())
        .orElse(JsonValue.NULL);
  }
}
