package org.peerbook.it.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.peerbook.it.benchmark.KeptAliveConnection.Answer;

/**
 * Requests of several kinds sent to one server in slices taken in turn, the order reversed every
 * other round (ABBA: a drift of the machine's speed one way over the run weighs on every kind
 * alike), each kind's slices added up ({@link TimedRequests}). This machine's speed drifts over
 * minutes (a trivial endpoint did 3,059 req/s and later in the same run 4,666), so a ratio to a
 * baseline measured apart told the drift, not the endpoint.
 */
final class InterleavedLoad {
  /** One request over the calling thread's kept-alive connection. */
  interface Call {
    Answer send(KeptAliveConnection connection, int index) throws IOException;
  }

  /** Requests of one kind and the status each must get. */
  record Kind(Call call, int status) {}

  /** One task of {@link #run}, by its index. */
  interface Task {
    void call(int index) throws Exception;
  }

  private final URI api;
  private final String authorization;
  private final LongSupplier serverCpuNanos;
  private final Supplier<long[]> memberCpuNanos;

  /**
   * @param serverCpuNanos the CPU time the server (every member of a cluster) has used so far
   * @param memberCpuNanos the CPU time each member of a cluster has used so far; {@code null} for
   *     one server
   */
  InterleavedLoad(
      URI api, String authorization, LongSupplier serverCpuNanos, Supplier<long[]> memberCpuNanos) {
    this.api = api;
    this.authorization = authorization;
    this.serverCpuNanos = serverCpuNanos;
    this.memberCpuNanos = memberCpuNanos;
  }

  /**
   * {@code slices} slices of {@code perSlice} requests of each kind, as fast as {@code threads}
   * kept-alive connections send them.
   *
   * @return each kind's figures, in the order given
   */
  List<TimedRequests> inTurn(int threads, int slices, int perSlice, Kind... kinds)
      throws Exception {
    List<TimedRequests> timed = timedEach(kinds.length);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (var connections = new ConnectionPerThread(api, authorization)) {
      for (int slice = 0; slice < slices; slice++) {
        for (int k = 0; k < kinds.length; k++) {
          int which = turnOrder(slice, k, kinds.length);
          timeSlice(pool, threads, connections, perSlice, kinds[which], timed.get(which));
        }
      }
    } finally {
      pool.shutdown();
    }
    return timed;
  }

  private void timeSlice(
      ExecutorService pool,
      int threads,
      ConnectionPerThread connections,
      int count,
      Kind kind,
      TimedRequests into)
      throws Exception {
    double[] millis = new double[count];
    long[] membersBefore = memberCpuNanos == null ? null : memberCpuNanos.get();
    long cpuBefore = serverCpuNanos.getAsLong();
    long started = System.nanoTime();
    run(
        pool,
        threads,
        count,
        i -> {
          long t = System.nanoTime();
          var answer = kind.call().send(connections.get(), i);
          assertThat(answer.status()).as(answer.body()).isEqualTo(kind.status());
          millis[i] = (System.nanoTime() - t) / 1e6;
        });
    long elapsed = System.nanoTime() - started;
    long cpu = serverCpuNanos.getAsLong() - cpuBefore;
    into.add(
        millis,
        elapsed,
        cpu,
        membersBefore == null ? null : TimedRequests.minus(memberCpuNanos.get(), membersBefore));
  }

  /**
   * Requests of each call sent at {@code perSecond} from {@code senders} threads, {@code seconds}
   * of each in all, in slices taken in turn; each request timed from when it was due (a late send
   * counts as waiting): the latency a client sees while the server is busy but not saturated.
   *
   * @return each call's latencies, in the order given
   */
  List<TimedRequests> atSteadyRate(
      double perSecond, int seconds, int slices, int senders, Call... calls) throws Exception {
    List<TimedRequests> timed = timedEach(calls.length);
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try (var connections = new ConnectionPerThread(api, authorization)) {
      openOnEverySender(pool, senders, connections, calls[calls.length - 1]);
      for (int slice = 0; slice < slices; slice++) {
        for (int k = 0; k < calls.length; k++) {
          int which = turnOrder(slice, k, calls.length);
          int count = (int) (perSecond * seconds / slices);
          steadySlice(pool, connections, calls[which], perSecond, count, timed.get(which));
        }
      }
    } finally {
      pool.shutdown();
    }
    return timed;
  }

  private static void steadySlice(
      ExecutorService senders,
      ConnectionPerThread connections,
      Call call,
      double perSecond,
      int count,
      TimedRequests into)
      throws Exception {
    double[] millis = new double[count];
    long intervalNanos = (long) (1e9 / perSecond);
    List<Future<?>> done = new ArrayList<>(count);
    long start = System.nanoTime() + 100_000_000;
    for (int i = 0; i < count; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int index = i;
      done.add(
          senders.submit(
              () -> {
                var answer = call.send(connections.get(), index);
                millis[index] = (System.nanoTime() - due) / 1e6;
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    into.add(millis, System.nanoTime() - start, 0, null);
  }

  /**
   * One request from each sender before the clock starts, all at once so that every thread of the
   * pool opens its connection: clients keep theirs alive between requests, so 64 connections opened
   * inside the measured window (the first steady run's p99 was 126 ms where its p50 was 0.6)
   * measured the benchmark's start, not the server.
   */
  private static void openOnEverySender(
      ExecutorService senders, int count, ConnectionPerThread connections, Call call)
      throws Exception {
    CountDownLatch allOpen = new CountDownLatch(count);
    List<Future<?>> opened = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int index = i;
      opened.add(
          senders.submit(
              () -> {
                try {
                  var answer = call.send(connections.get(), index);
                  assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                } finally {
                  // a sender that failed lets the others go: the failure ends the run
                  allOpen.countDown();
                }
                allOpen.await();
                return null;
              }));
    }
    for (Future<?> f : opened) {
      f.get();
    }
  }

  private static List<TimedRequests> timedEach(int kinds) {
    List<TimedRequests> timed = new ArrayList<>();
    for (int k = 0; k < kinds; k++) {
      timed.add(new TimedRequests());
    }
    return timed;
  }

  /**
   * Which of {@code n} kinds is the {@code k}th of slice round {@code slice}: in order, then
   * reversed the next round (ABBA), so that a drift of the machine weighs on every kind alike.
   */
  private static int turnOrder(int slice, int k, int n) {
    return slice % 2 == 0 ? k : n - 1 - k;
  }

  /** Tasks 0 to {@code count - 1} on {@code threads} threads of their own, each a stride. */
  static void run(int threads, int count, Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      run(pool, threads, count, task);
    } finally {
      pool.shutdown();
    }
  }

  private static void run(ExecutorService pool, int threads, int count, Task task)
      throws Exception {
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                for (int i = thread; i < count; i += threads) {
                  task.call(i);
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
  }
}
