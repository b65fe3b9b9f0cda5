package org.peerbook.registry.cluster;

import com.hazelcast.core.HazelcastInstance;
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
}
