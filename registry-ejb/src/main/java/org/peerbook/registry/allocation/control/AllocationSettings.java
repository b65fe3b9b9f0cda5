package org.peerbook.registry.allocation.control;

import org.peerbook.registry.nodes.control.InvalidNodeException;

/**
 * The allocation settings in force: the strategy chain, how many sources a requester gets ({@code
 * k}, at most {@code maxK}), how many nodes may copy from the data server at once, and whether
 * peers help at all. Immutable; a change that names a bad value changes nothing.
 */
public record AllocationSettings(
    AllocationChain chain, int k, int maxK, int dataServerSlots, boolean peerAssisted) {

  public AllocationSettings {
    if (k < 1 || k > maxK) {
      throw new InvalidSettingException("k", "must be between 1 and " + maxK);
    }
    if (dataServerSlots < 1) {
      throw new InvalidSettingException("dataServerSlots", "must be at least 1");
    }
  }

  /** These settings with the given ones changed; {@code null} keeps a setting as it is. */
  public AllocationSettings with(
      AllocationChain newChain, Integer newK, Integer newSlots, Boolean newPeerAssisted) {
    return new AllocationSettings(
        newChain == null ? chain : newChain,
        newK == null ? k : newK,
        maxK,
        newSlots == null ? dataServerSlots : newSlots,
        newPeerAssisted == null ? peerAssisted : newPeerAssisted);
  }

  /** How many sources to hand a requester that asked for {@code wanted} ({@code null}: k). */
  public int sourcesFor(Integer wanted) {
    if (wanted == null) {
      return k;
    }
    if (wanted < 1) {
      throw new InvalidNodeException("k", "must be at least 1");
    }
    return Math.min(wanted, maxK);
  }
}
