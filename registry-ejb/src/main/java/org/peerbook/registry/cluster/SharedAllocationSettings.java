package org.peerbook.registry.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.peerbook.registry.allocation.control.SourceAllocator.Settings;
import org.peerbook.registry.allocation.control.SourceAllocator.SettingsChange;

/**
 * The allocation settings of a cluster: a change an administrator makes through any member applies
 * on every member (agents get the same allocation whichever member they ask), and a member that
 * joins a running cluster takes the settings in force instead of its configuration's. Changes are
 * made under one grid lock, so two administrators changing different settings at once both keep
 * theirs. The grid holds them as text, {@code chain|k|dataServerSlots|peerAssisted}.
 */
public final class SharedAllocationSettings implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SharedAllocationSettings.class.getName());
  static final String SETTINGS = "peerbook.allocation.settings";
  private static final String IN_FORCE = "in-force";
  private static final long LOCK_LEASE_SECONDS = 30;

  private final IMap<String, String> settings;
  private final Supplier<Settings> local;
  private final Function<SettingsChange, Settings> apply;
  private final UUID listener;

  /**
   * @param local the settings this member applies now
   * @param apply changes them on this member; throws for a bad value, changing nothing
   */
  public SharedAllocationSettings(
      HazelcastInstance grid, Supplier<Settings> local, Function<SettingsChange, Settings> apply) {
    this.settings = grid.getMap(SETTINGS);
    this.local = local;
    this.apply = apply;
    this.listener =
        settings.addEntryListener(new GridMirror<String>((key, text) -> heard(), key -> {}), true);
    String inForce = settings.get(IN_FORCE);
    if (inForce != null) {
      adopt(inForce);
    }
  }

  /**
   * Applies {@code change} to the cluster's settings, here at once and on the other members when
   * they hear of it (milliseconds).
   */
  public synchronized Settings change(SettingsChange change) {
    settings.lock(IN_FORCE, LOCK_LEASE_SECONDS, TimeUnit.SECONDS);
    try {
      String inForce = settings.get(IN_FORCE);
      if (inForce != null) {
        adopt(inForce);
      }
      Settings after = apply.apply(change);
      settings.set(IN_FORCE, write(after));
      return after;
    } finally {
      settings.unlock(IN_FORCE);
    }
  }

  /**
   * Another member's change, or this member's own: the settings in force are read from the grid,
   * not taken from the event, and never while this member makes a change. An event can arrive after
   * a newer change made here (another member's earlier change, still on its way), and applying what
   * it carries would undo that change on this member until its own event came.
   */
  private synchronized void heard() {
    String inForce = settings.get(IN_FORCE);
    if (inForce != null) {
      adopt(inForce);
    }
  }

  private void adopt(String text) {
    String[] parts = text.split("\\|");
    if (parts.length != 4) {
      LOG.warning(() -> "unreadable allocation settings on the grid: " + text);
      return;
    }
    SettingsChange inForce =
        new SettingsChange(
            parts[0],
            Integer.valueOf(parts[1]),
            Integer.valueOf(parts[2]),
            Boolean.valueOf(parts[3]));
    Settings here = local.get();
    if (here.chain().equals(inForce.chain())
        && here.k() == inForce.k()
        && here.dataServerSlots() == inForce.dataServerSlots()
        && here.peerAssisted() == inForce.peerAssisted()) {
      return;
    }
    try {
      apply.apply(inForce);
    } catch (RuntimeException e) {
      // e.g. a k above this member's max-k: it keeps its settings and says why, once per change
      LOG.warning(() -> "cannot take the cluster's allocation settings " + text + ": " + e);
    }
  }

  private static String write(Settings settings) {
    return settings.chain()
        + "|"
        + settings.k()
        + "|"
        + settings.dataServerSlots()
        + "|"
        + settings.peerAssisted();
  }

  /** The grid outlives the application (a redeployment): its listener must not. */
  @Override
  public void close() {
    settings.removeEntryListener(listener);
  }
}
