package org.peerbook.registry.nodes.control;

/** A registration or heartbeat with a missing or invalid field, named in {@link #field()}. */
public class InvalidNodeException extends RegistryException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidNodeException(String field, String detail) {
    super(field + ": " + detail);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
