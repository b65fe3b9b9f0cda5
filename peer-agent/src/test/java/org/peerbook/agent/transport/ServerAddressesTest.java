package org.peerbook.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServerAddressesTest {
  private final AtomicLong now = new AtomicLong();
  private final ServerAddresses servers =
      new ServerAddresses(
          List.of(
              URI.create("http://a/api"), URI.create("http://b/api"), URI.create("http://c/api")),
          0,
          now::get);

  @Test
  void startsWithTheFirstAndKeepsToTheOneThatAnswered() {
    assertThat(servers.order()).containsExactly(0, 1, 2);

    servers.answered(1);

    assertThat(servers.order()).containsExactly(1, 2, 0);
  }

  @Test
  void aFailedAddressWaitsBehindTheOthersForABackoffThatDoubles() {
    servers.failed(0);
    assertThat(servers.order()).containsExactly(1, 2, 0);

    now.addAndGet(ServerAddresses.FIRST_BACKOFF.toNanos());
    assertThat(servers.order()).containsExactly(0, 1, 2);

    servers.failed(0);
    now.addAndGet(ServerAddresses.FIRST_BACKOFF.toNanos());
    assertThat(servers.order()).as("two failures in a row: two seconds").containsExactly(1, 2, 0);
    now.addAndGet(ServerAddresses.FIRST_BACKOFF.toNanos());
    assertThat(servers.order()).containsExactly(0, 1, 2);
  }

  @Test
  void whenAllBackOffTheSoonestBackComesFirstAndEveryAddressIsStillTried() {
    servers.failed(2);
    servers.failed(0);
    servers.failed(0);
    servers.failed(1);
    servers.failed(1);
    servers.failed(1);

    assertThat(servers.order()).containsExactly(2, 0, 1);
  }

  @Test
  void theBackoffIsCapped() {
    for (int i = 0; i < 100; i++) {
      servers.failed(0);
    }
    now.addAndGet(ServerAddresses.LONGEST_BACKOFF.toNanos());

    assertThat(servers.order()).containsExactly(0, 1, 2);
  }

  @Test
  void agentsWithTheSameListStartAtDifferentMembers() {
    List<URI> members =
        List.of(URI.create("http://a/api"), URI.create("http://b/api"), URI.create("http://c/api"));
    int[] firsts = new int[members.size()];
    for (int agent = 0; agent < 300; agent++) {
      firsts[new ServerAddresses(members).order().get(0)]++;
    }
    // each member is first for about a third of the agents; 50 or fewer of 300: 1 run in 5 billion
    assertThat(java.util.Arrays.stream(firsts).min().getAsInt()).isGreaterThan(50);
  }
}
