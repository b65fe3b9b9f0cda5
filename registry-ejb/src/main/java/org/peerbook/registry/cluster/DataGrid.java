package org.peerbook.registry.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Payara's Hazelcast data grid, which the members of a cluster share: Payara Micro started with
 * {@code --clustermode}, or Payara Server with its Domain Data Grid. The application only looks it
 * up; Payara forms, configures and heals it.
 */
public final class DataGrid {
  /** Where Payara binds its Hazelcast instance. */
  public static final String JNDI_NAME = "payara/Hazelcast";

  private DataGrid() {}

  /**
   * @throws IllegalStateException if the server runs no data grid (Payara Micro with {@code
   *     --nocluster}, or another application server)
   */
  public static HazelcastInstance instance() {
    try {
      Object found = new InitialContext().lookup(JNDI_NAME);
      if (found instanceof HazelcastInstance grid && grid.getLifecycleService().isRunning()) {
        return grid;
      }
      throw new IllegalStateException(
          "peerbook.cluster.enabled is true but " + JNDI_NAME + " is no running data grid");
    } catch (NamingException e) {
      throw new IllegalStateException(
          "peerbook.cluster.enabled is true but the server has no data grid at "
              + JNDI_NAME
              + " (start Payara Micro with --clustermode, not --nocluster)",
          e);
    }
  }

  /**
   * Makes grid objects with {@code making} on a fresh thread that inherits no Jakarta EE
   * invocation, and waits for it.
   *
   * <p>Why: Payara's Hazelcast tenant control remembers the invocation a distributed object was
   * first made in, cluster-wide, and restores it around every operation on that object on every
   * member's partition threads: a CDI lookup that walks the stack, a quarter of the grid threads'
   * Java samples under {@code RegistryBenchmark}. Objects whose keys, values and listeners are
   * strings and JDK types need none of it; made where there is no invocation, Payara saves none (a
   * no-op tenant). The thread is not a managed one on purpose: a managed thread carries the
   * application's context.
   */
  public static <T> T outsideTheApplication(Supplier<T> making) {
    FutureTask<T> task = new FutureTask<>(making::get);
    Thread thread = new Thread(null, task, "peerbook-grid-objects", 0, false);
    thread.start();
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making grid objects", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException("making grid objects failed", e.getCause());
    }
  }
}
