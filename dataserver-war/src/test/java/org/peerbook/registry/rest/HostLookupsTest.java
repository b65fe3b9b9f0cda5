package org.peerbook.registry.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peerbook.protocol.serving.RefusedException;

/** A name server that does not answer holds neither a registration nor more than its threads. */
class HostLookupsTest {
  private final CountDownLatch nameServerAnswers = new CountDownLatch(1);
  private final ThreadPoolExecutor twoAtOnce =
      new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new SynchronousQueue<>());

  @AfterEach
  void stop() {
    nameServerAnswers.countDown();
    twoAtOnce.shutdownNow();
  }

  private final HostLookups lookups =
      new HostLookups(
          twoAtOnce,
          200,
          host -> {
            if (host.startsWith("slow")) {
              awaitUninterruptibly(nameServerAnswers);
            }
            return InetAddress.getAllByName(host);
          });

  /** Like the JDK's resolver, which a cancelled look-up's interrupt does not stop. */
  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean answered = false;
    while (!answered) {
      try {
        answered = latch.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException cancelled) {
        // goes on waiting
      }
    }
  }

  @Test
  void answersWhatTheResolverAnswers() throws UnknownHostException {
    assertThat(lookups.addressesOf("localhost")).allMatch(InetAddress::isLoopbackAddress);
    assertThatThrownBy(() -> lookups.addressesOf("nowhere.invalid"))
        .isInstanceOf(UnknownHostException.class);
  }

  @Test
  void aLookupThatTakesTooLongIsRefusedWithRetryAfter() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> lookups.addressesOf("slow.corp.example"))
        .isInstanceOfSatisfying(
            RefusedException.class,
            refused -> {
              assertThat(refused.status()).isEqualTo(503);
              assertThat(refused.retryAfterSeconds()).isPositive();
              assertThat(refused.getMessage()).contains("slow.corp.example", "200 ms");
            });
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
  }

  @Test
  void moreLookupsThanThreadsAreRefusedAtOnce() {
    for (int i = 0; i < 2; i++) {
      String host = "slow-" + i + ".corp.example";
      assertThatThrownBy(() -> lookups.addressesOf(host)).isInstanceOf(RefusedException.class);
    }

    assertThatThrownBy(() -> lookups.addressesOf("localhost"))
        .as("both threads still wait for the name server")
        .isInstanceOfSatisfying(
            RefusedException.class,
            refused -> assertThat(refused.getMessage()).contains("as many host names"));
    nameServerAnswers.countDown();
  }
}
