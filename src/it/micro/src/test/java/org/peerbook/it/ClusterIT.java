package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.peerbook.it.swarm.Convergence;
import org.peerbook.it.swarm.Swarm;
import org.peerbook.protocol.ChangeEntry;

/**
 * The server side as a cluster: three Payara Micro members on Payara's data grid (TCP on loopback)
 * and one PostgreSQL, and 30 agents (three JVMs of ten) that know every member's address. One
 * member is killed with SIGKILL while agents heartbeat and writers write through every member: no
 * agent has to register again (its lease is on the grid), no acknowledged write is lost, the log
 * stays gapless and verifies, and every agent reaches a head committed after the kill.
 */
class ClusterIT {
  private static final int AGENTS = 30;
  private static final int WRITERS = 2;

  @Test
  void loseAMemberAndNothingElse() throws Exception {
    try (var database = Databases.open("PostgreSQL")) {
      Map<String, String> settings = new HashMap<>(database.settings());
      // heartbeats every 5 s: failover shows within seconds
      settings.put("peerbook.registry.lease-seconds", "15");
      Path home = ServerProcess.workDirectory("cluster");
      List<Integer> gridPorts =
          List.of(
              ServerProcess.freeGridPort(),
              ServerProcess.freeGridPort(),
              ServerProcess.freeGridPort());
      String name = "peerbook-it-" + System.nanoTime();
      List<ServerProcess> members = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        members.add(
            new ServerProcess(home.resolve("member-" + i), settings)
                .inCluster(name, gridPorts.get(i), gridPorts));
      }
      try {
        startTogether(members);
        List<URI> apis = members.stream().map(member -> member.api().base()).toList();
        Http first = members.get(0).api();
        Http survivor = members.get(1).api();
        assertThat(first.put("contacts/cluster-0", "{\"displayName\":\"Before\"}").status())
            .isEqualTo(200);
        try (var swarm =
            new Swarm(
                    home.resolve("agents"),
                    "cl",
                    new Swarm.Settings(apis, 10, "256m", 8, 500, 10_000))
                .grow(AGENTS)) {
          long head = BookChecks.head(first).version();
          Convergence.await(
              survivor, swarm.agents(), head, System.nanoTime(), Duration.ofMinutes(2));
          for (ServerProcess member : members) {
            await("every member lists every agent")
                .atMost(Duration.ofSeconds(30))
                .until(() -> nodes(member.api()) == AGENTS + 1);
          }
          long registrationsBefore = registrations(members.get(1)) + registrations(members.get(2));

          Map<String, Long> acknowledged = new ConcurrentHashMap<>();
          AtomicBoolean writing = new AtomicBoolean(true);
          ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
          List<Future<?>> done = new ArrayList<>();
          for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            done.add(writers.submit(() -> write(members, writer, writing, acknowledged)));
          }
          await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged.size() >= 40);

          members.get(0).kill();
          long killedAt = System.nanoTime();
          int before = acknowledged.size();
          await("writes go on through the other members")
              .atMost(Duration.ofMinutes(1))
              .until(() -> acknowledged.size() >= before + 40);
          writing.set(false);
          for (Future<?> writer : done) {
            writer.get();
          }
          writers.shutdown();

          long headAfterKill = BookChecks.head(survivor).version();
          Convergence afterKill =
              Convergence.await(
                  survivor, swarm.agents(), headAfterKill, killedAt, Duration.ofMinutes(2));
          System.out.printf(
              "cluster: every agent at a head committed after the kill %.1f s after it%n",
              afterKill.slowest());

          assertThat(registrations(members.get(1)) + registrations(members.get(2)))
              .as("agents that had to register again")
              .isEqualTo(registrationsBefore);
          assertThat(nodes(survivor)).isEqualTo(AGENTS + 1);
          everyAcknowledgedWriteIsThere(survivor, acknowledged);
        }
      } finally {
        members.forEach(ServerProcess::close);
      }
    }
  }

  /** Members start side by side: each waits for the grid while the others boot. */
  private static void startTogether(List<ServerProcess> members) throws Exception {
    ExecutorService starting = Executors.newFixedThreadPool(members.size());
    try {
      List<Future<ServerProcess>> started = new ArrayList<>();
      for (ServerProcess member : members) {
        started.add(starting.submit(member::start));
      }
      for (Future<ServerProcess> member : started) {
        member.get();
      }
    } finally {
      starting.shutdown();
    }
  }

  /**
   * Writes new contacts until told to stop, each through the next member in turn; a member that
   * does not answer is skipped. Records what was acknowledged, with its version.
   */
  private static Void write(
      List<ServerProcess> members,
      int writer,
      AtomicBoolean writing,
      Map<String, Long> acknowledged) {
    for (int i = 0; writing.get(); i++) {
      String id = "w" + writer + "-" + i;
      Http api = members.get(i % members.size()).api();
      try {
        Http.Reply reply = api.put("contacts/" + id, "{\"displayName\":\"Written " + id + "\"}");
        if (reply.status() == 200) {
          acknowledged.put(id, Long.parseLong(reply.header("ETag").replace("\"", "")));
        }
      } catch (RuntimeException memberDown) {
        // the killed member: the next write goes to the next one
      }
    }
    return null;
  }

  private static void everyAcknowledgedWriteIsThere(Http api, Map<String, Long> acknowledged) {
    BookChecks.Log log = BookChecks.readWholeLog(api);
    List<ChangeEntry> entries = log.entries();
    for (int i = 0; i < entries.size(); i++) {
      assertThat(entries.get(i).version()).as("gapless").isEqualTo(i + 1L);
    }
    Map<String, Long> lastVersionOf = new HashMap<>();
    entries.forEach(entry -> lastVersionOf.put(entry.contactId(), entry.version()));
    acknowledged.forEach(
        (id, version) ->
            assertThat(lastVersionOf.get(id)).as("acknowledged write %s", id).isEqualTo(version));
  }

  private static int nodes(Http api) {
    return api.get("registry/admin/nodes").json().asJsonArray().size();
  }

  private static long registrations(ServerProcess member) {
    return member
        .api()
        .get("registry/admin/stats")
        .object()
        .getJsonNumber("registrations")
        .longValue();
  }
}
