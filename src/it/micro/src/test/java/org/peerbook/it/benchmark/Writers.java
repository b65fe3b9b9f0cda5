package org.peerbook.it.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Several writers at once, each with its share of the writes: how many per second in all. */
final class Writers {
  private Writers() {}

  /** One writer's work: its writes, numbered from 0. */
  interface Writer {
    void write(int writer, int writes) throws Exception;
  }

  static double perSecond(int writers, int writes, Writer writer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    int each = writes / writers;
    long started = System.nanoTime();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int index = w;
        done.add(
            pool.submit(
                () -> {
                  writer.write(index, each);
                  return null;
                }));
      }
      for (Future<?> one : done) {
        one.get();
      }
    } finally {
      pool.shutdown();
    }
    return (double) each * writers / ((System.nanoTime() - started) / 1e9);
  }
}
