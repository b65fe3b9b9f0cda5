package org.peerbook.enrollment.control;

import java.util.Locale;

/** How nodes prove they may register. */
public enum EnrollmentMode {
  /** One secret for the whole deployment. */
  SECRET,
  /** A credential per node id, issued by an administrator. */
  PER_NODE;

  /** As {@code peerbook.registry.enrollment} names it. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * @throws IllegalArgumentException naming the allowed values
   */
  public static EnrollmentMode parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "secret" -> SECRET;
      case "per-node" -> PER_NODE;
      default ->
          throw new IllegalArgumentException(
              "peerbook.registry.enrollment is 'secret' or 'per-node', not '" + text + "'");
    };
  }
}
