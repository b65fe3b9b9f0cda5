package org.peerbook.simulation.control;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import org.peerbook.protocol.Backoff;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.registry.RegistryBinding;
import org.peerbook.registry.allocation.control.Allocation;
import org.peerbook.registry.allocation.control.AllocationChain;
import org.peerbook.registry.allocation.control.AllocationSettings;
import org.peerbook.registry.allocation.control.SourceWaiters;
import org.peerbook.registry.nodes.control.LocalNodeTable;
import org.peerbook.registry.nodes.control.Registration;
import org.peerbook.registry.nodes.control.Registry;
import org.peerbook.registry.nodes.control.RegistrySettings;
import org.peerbook.registry.nodes.entity.ResourceNode;
import org.peerbook.simulation.entity.SimulatedNode;
import org.peerbook.simulation.entity.SimulationResult;
import org.peerbook.simulation.entity.SimulationSettings;

/**
 * One run: N agents at version 0, the data server commits version 1 at time 0, and every agent
 * plays the loop of {@code peer-agent}'s {@code Agent} until all hold it:
 *
 * <ol>
 *   <li>a heartbeat every third of the lease (random phase per agent) reports version and load and
 *       learns the head; if the head is newer, a sync starts after a random jitter; with {@link
 *       SimulationSettings#heldRequests held heartbeats}, every agent's held heartbeat is answered
 *       as the head is committed, half a registry round trip later;
 *   <li>a sync asks the resource manager for k sources and tries them in order; a busy peer refuses
 *       (503) and the next is tried; when all are tried it asks again, at most {@code maxRounds}
 *       times (not when every one was busy), then, still behind, syncs again after a {@link Backoff
 *       backoff};
 *   <li>an answer with a retry hint (every data-server slot taken) schedules the sync again after
 *       the hint;
 *   <li>a peer whose copy is slow ({@link SlowSource}) is left for the next peer of the answer,
 *       once per sync;
 *   <li>having got a newer version it reports it at once, so that others may sync from it.
 * </ol>
 *
 * In the {@link SimulationSettings#CENTRALIZED centralized} baseline there is no resource manager:
 * each agent, having learned of the head, syncs from the data server, which serves {@code
 * centralSessions} at once and queues the rest. Single-threaded and seeded: the same settings give
 * the same result.
 */
public final class SwarmSimulation {
  private static final long HEAD = 1;
  private static final String HASH = "ab".repeat(32);
  private static final String DIGEST = "cd".repeat(32);

  private final SimulationSettings settings;
  private final EventQueue clock = new EventQueue();
  private final SimulatedNode[] nodes;
  private final LinkModel links;
  private final Registry registry;
  private final SignedHead signedHead;
  private final SplittableRandom behaviour;
  private final ArrayDeque<SimulatedNode> dataServerQueue = new ArrayDeque<>();
  private final RunFigures figures;
  private final PeerCopies copies;
  private final SourceWaiters<SimulatedNode> sourceWaiters = new SourceWaiters<>(Integer.MAX_VALUE);

  private SwarmSimulation(SimulationSettings settings) {
    this.settings = settings;
    Topology topology = new Topology(settings);
    // the same seed gives the same sites, links and phases to every chain: only the chain differs
    this.links = new LinkModel(topology, settings.nodes(), new SplittableRandom(settings.seed()));
    this.behaviour = new SplittableRandom(settings.seed() * 31 + 7);
    this.nodes = new SimulatedNode[settings.nodes()];
    this.figures = new RunFigures(settings.nodes());
    this.copies = new PeerCopies(settings, clock, links, figures, nodes);
    InetAddress[] addresses = new InetAddress[settings.nodes()];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = topology.node(i);
      addresses[i] = topology.address(nodes[i]);
    }
    KeyPair book = bookKey();
    this.signedHead = HeadSignatures.sign(book.getPrivate(), HEAD, HASH, DIGEST);
    this.registry =
        settings.centralized() ? null : registry(settings, topology, addresses, book.getPublic());
  }

  /**
   * The resource manager's own registry with the production settings of the run, every agent
   * registered at version 0 (the registry's randomness is seeded too).
   */
  private Registry registry(
      SimulationSettings settings, Topology topology, InetAddress[] addresses, PublicKey bookKey) {
    AllocationChain chain = StrategyChains.parse(settings.chain(), topology);
    Registry registry =
        new Registry(
            new RegistrySettings(
                "data-server",
                "http://data-server.simulated.invalid:8080/api/sync",
                settings.leaseSeconds(),
                settings.grantSeconds(),
                settings.dataServerStaggerMillis(),
                settings.maxServing(),
                settings.retryAfterSeconds(),
                2,
                3,
                30,
                300,
                64,
                settings.hopBudget(),
                settings.syncStartsPerSecond()),
            new AllocationSettings(
                chain, settings.k(), Math.max(16, settings.k()), settings.dataServerSlots(), true),
            text -> StrategyChains.parse(text, topology),
            new LocalNodeTable(),
            clock,
            new SplittableRandom(settings.seed() * 17 + 3));
    registry.trustBookKey(bookKey);
    registry.watchVersions(
        (from, to) ->
            sourceWaiters
                .wake(from, to)
                .forEach(
                    woken ->
                        clock.after(
                            links.registryCallMicros(woken) / 2, () -> answerHeld(woken, false))));
    for (int i = 0; i < nodes.length; i++) {
      String address = addresses[i].getHostAddress();
      registry.register(
          new Registration(
              nodes[i].nodeId(), "http://" + address + ":7000/api/sync", address, 0, null, null));
    }
    return registry;
  }

  private static KeyPair bookKey() {
    try {
      return KeyPairGenerator.getInstance(HeadSignatures.ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has " + HeadSignatures.ALGORITHM, e);
    }
  }

  /** Runs one simulation to convergence or to its time limit. */
  public static SimulationResult run(SimulationSettings settings) {
    long started = System.nanoTime();
    SwarmSimulation simulation = new SwarmSimulation(settings);
    simulation.commitAndSpread();
    return simulation.result((System.nanoTime() - started) / 1_000_000);
  }

  private void commitAndSpread() {
    if (registry != null) {
      registry.announceHead(HEAD);
    }
    long period = settings.heartbeatMillis() * 1000;
    for (SimulatedNode node : nodes) {
      clock.after(behaviour.nextLong(period), () -> heartbeat(node));
      if (settings.heldRequests()) {
        // the held answer is on its way as the commit happens: half a round trip
        clock.after(links.registryCallMicros(node) / 2, () -> learnHead(node, HEAD));
      }
    }
    long limit = settings.timeLimitSeconds() * 1_000_000;
    while (figures.atHead() < nodes.length && clock.runNext(limit)) {
      // each event schedules what follows from it
    }
  }

  private void heartbeat(SimulatedNode node) {
    learnHead(node, registry == null ? HEAD : reportToRegistry(node));
    // the centralized baseline has no use for heartbeats once the agent is on its way
    if (registry != null || !node.syncing) {
      clock.after(settings.heartbeatMillis() * 1000, () -> heartbeat(node));
    }
  }

  /** A heartbeat's answer told the head: a sync starts if the copy is behind it. */
  private void learnHead(SimulatedNode node, long head) {
    node.knownHead = Math.max(node.knownHead, head);
    if (node.knownHead > node.version && !node.syncing) {
      // many agents learn of a new version at once: the agent spreads their requests, over no
      // longer than the resource manager says
      long jitterMillis =
          registry == null
              ? settings.maxSyncJitterMillis()
              : Math.min(settings.maxSyncJitterMillis(), registry.syncSpreadMillis());
      node.syncing = true;
      clock.after(behaviour.nextLong(jitterMillis * 1000L + 1), () -> sync(node));
    }
  }

  private void sync(SimulatedNode node) {
    if (registry == null) {
      copyFromCentralDataServer(node);
      return;
    }
    node.versionBeforeSync = node.version;
    node.round = 0;
    askForSources(node);
  }

  private void askForSources(SimulatedNode node) {
    if (node.round == settings.maxRounds()) {
      finishSync(node);
      return;
    }
    node.round++;
    node.busyInRound = 0;
    figures.sourceRequest();
    Allocation answer = registry.sources(node.nodeId(), node.version, null);
    clock.after(links.registryCallMicros(node), () -> onSources(node, answer));
  }

  private void onSources(SimulatedNode node, Allocation answer) {
    onSources(node, answer, settings.heldRequests());
  }

  /**
   * @param mayHold the request asked to be held: nobody can help yet, so the resource manager holds
   *     it until a node reaches a newer version (the agent's {@code wait})
   */
  private void onSources(SimulatedNode node, Allocation answer, boolean mayHold) {
    node.knownHead = Math.max(node.knownHead, answer.headVersion());
    if (answer.retryAfterSeconds() > 0) {
      reportIfAdvanced(node);
      if (mayHold) {
        long until = clock.now() + RegistryBinding.AGENT_SOURCES_WAIT_SECONDS * 1_000_000L;
        node.heldUntil = until;
        sourceWaiters.hold(node.nodeId(), node, displaced -> {});
        clock.after(
            until - clock.now(),
            () -> {
              if (node.heldUntil == until && sourceWaiters.remove(node.nodeId(), node)) {
                answerHeld(node, true);
              }
            });
        return;
      }
      clock.after(answer.retryAfterSeconds() * 1_000_000L, () -> sync(node));
      return;
    }
    if (answer.sources().isEmpty()) {
      finishSync(node);
      return;
    }
    trySource(node, answer.sources(), 0);
  }

  /**
   * A held source request is answered: woken by a node's newer version it asks the registry again
   * and, still without help, waits on in line until its time is up; then it gets what the registry
   * says, a retry hint included.
   */
  private void answerHeld(SimulatedNode node, boolean timedOut) {
    Allocation answer = registry.sources(node.nodeId(), node.version, null);
    if (!timedOut && answer.retryAfterSeconds() > 0 && clock.now() < node.heldUntil) {
      sourceWaiters.hold(node.nodeId(), node, displaced -> {});
      return;
    }
    node.heldUntil = -1;
    clock.after(links.registryCallMicros(node) / 2, () -> onSources(node, answer, false));
  }

  private void trySource(SimulatedNode node, List<ResourceNode> sources, int next) {
    if (next == sources.size()) {
      if (node.busyInRound == sources.size()) {
        // as the agent: every source busy, asking again at once would find them busy still
        finishSync(node);
      } else {
        askForSources(node);
      }
      return;
    }
    ResourceNode offered = sources.get(next);
    if (offered.origin()) {
      copyFromDataServer(node, sources, next);
      return;
    }
    SimulatedNode peer = nodes[PeerCopies.indexOf(offered)];
    if (peer.serving >= settings.maxServing() || peer.version <= node.version) {
      // a busy peer answers 503; one no further than us has nothing to give (EQUAL or F4)
      if (peer.serving >= settings.maxServing()) {
        figures.refusal();
        node.busyInRound++;
      }
      clock.after(links.refusalMicros(peer, node), () -> trySource(node, sources, next + 1));
      return;
    }
    copies.start(
        node,
        peer,
        sources,
        next,
        (version, generation, from) -> {
          receive(node, version, generation);
          afterCopy(node, sources, from);
        });
  }

  private void copyFromDataServer(SimulatedNode node, List<ResourceNode> sources, int next) {
    startDataServerSession(node);
    long duration =
        links.copyFromDataServerMicros(node, settings.payloadBytes(), settings.dataServerSlots());
    clock.after(
        duration,
        () -> {
          figures.dataServerSessionEnded();
          receive(node, HEAD, 1);
          afterCopy(node, sources, next);
        });
  }

  private void afterCopy(SimulatedNode node, List<ResourceNode> sources, int next) {
    if (node.version >= node.knownHead) {
      finishSync(node);
    } else {
      trySource(node, sources, next + 1);
    }
  }

  /** As the agent: still behind the head it knows, it tries again after a backoff. */
  private void finishSync(SimulatedNode node) {
    reportIfAdvanced(node);
    if (node.version < node.knownHead) {
      clock.after(Backoff.millis(node.syncsBehind++, behaviour) * 1000, () -> sync(node));
    } else {
      node.syncsBehind = 0;
      node.syncing = false;
    }
  }

  /** Tells the resource manager of a newer copy at once: others may sync from it now. */
  private void reportIfAdvanced(SimulatedNode node) {
    if (node.version > node.versionBeforeSync) {
      node.versionBeforeSync = node.version;
      clock.after(links.registryCallMicros(node), () -> reportToRegistry(node));
    }
  }

  /**
   * A heartbeat: the node's version, proven by the head's signature, its load and how many it
   * serves at most.
   */
  private long reportToRegistry(SimulatedNode node) {
    SignedHead proof = node.version == HEAD ? signedHead : null;
    return registry
        .heartbeat(node.nodeId(), node.version, proof, node.serving, settings.maxServing())
        .headVersion();
  }

  private void copyFromCentralDataServer(SimulatedNode node) {
    if (figures.dataServerServing() >= settings.centralSessions()) {
      dataServerQueue.add(node);
      return;
    }
    startDataServerSession(node);
    long duration =
        links.copyFromDataServerMicros(node, settings.payloadBytes(), settings.centralSessions());
    clock.after(
        duration,
        () -> {
          figures.dataServerSessionEnded();
          receive(node, HEAD, 1);
          node.syncing = false;
          SimulatedNode waiting = dataServerQueue.poll();
          if (waiting != null) {
            copyFromCentralDataServer(waiting);
          }
        });
  }

  private void startDataServerSession(SimulatedNode node) {
    figures.dataServerSessionStarted(links.crossesSitesFromDataServer(node));
  }

  private void receive(SimulatedNode node, long version, int generation) {
    if (version <= node.version) {
      return;
    }
    node.version = version;
    node.generation = generation;
    if (version >= HEAD) {
      figures.reachedHead(clock.now(), generation);
    }
  }

  private SimulationResult result(long wallMillis) {
    int worstPeerLoad = 0;
    for (SimulatedNode node : nodes) {
      worstPeerLoad = Math.max(worstPeerLoad, node.peakServing);
    }
    return figures.result(
        settings,
        worstPeerLoad,
        registry == null ? 0 : registry.statistics().dataServerRetries.sum(),
        wallMillis);
  }
}
