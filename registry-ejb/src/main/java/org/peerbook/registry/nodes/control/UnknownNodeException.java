package org.peerbook.registry.nodes.control;

/** No node with this id holds a lease (never registered, deregistered, evicted or lapsed). */
public class UnknownNodeException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public UnknownNodeException(String nodeId) {
    super("no node " + nodeId + " holds a lease; register (again)");
  }
}
