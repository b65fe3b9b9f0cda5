package org.peerbook.registry.cluster;

import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real Hazelcast grid of a few members in this JVM, on loopback TCP, under a cluster name of its
 * own (so tests never join each other's grid). Terminate it after each test.
 */
public final class TestGrid implements AutoCloseable {
  private static final int FIRST_PORT = 27900;
  private final String name = "peerbook-test-" + UUID.randomUUID();
  private final List<HazelcastInstance> members = new ArrayList<>();

  /**
   * Forms a grid of {@code size} and waits until every member sees them all and no partition is
   * migrating: the first member owns every partition until the others take theirs over, and a test
   * that starts meanwhile tests Hazelcast's migrations, not our code (GridNodeTableTest once saw a
   * renewal through one member overwritten by one through another, 3.6 s after the grid formed on a
   * busy CI machine; not again in 1,200 pairs of renewals on 18 grids, some of them under load).
   */
  public TestGrid(int size) {
    for (int i = 0; i < size; i++) {
      join();
    }
    await("the grid formed, its partitions in place")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                members.stream()
                    .allMatch(
                        member ->
                            member.getCluster().getMembers().size() == size
                                && member.getPartitionService().isClusterSafe()));
  }

  /** One more member. */
  public HazelcastInstance join() {
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config());
    members.add(member);
    return member;
  }

  public HazelcastInstance member(int index) {
    return members.get(index);
  }

  private Config config() {
    Config config = new Config();
    config.setClusterName(name);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    // members of a test join at once instead of waiting for more to come
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    var network = config.getNetworkConfig();
    network.setPort(FIRST_PORT).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    var join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    var tcp = join.getTcpIpConfig().setEnabled(true);
    for (int port = FIRST_PORT; port < FIRST_PORT + 4; port++) {
      tcp.addMember("127.0.0.1:" + port);
    }
    return config;
  }

  @Override
  public void close() {
    members.forEach(member -> member.getLifecycleService().terminate());
  }
}
