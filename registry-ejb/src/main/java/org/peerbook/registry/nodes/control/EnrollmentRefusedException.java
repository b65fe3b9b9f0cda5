package org.peerbook.registry.nodes.control;

/** A registration without the enrollment credential, or with a wrong one. */
public class EnrollmentRefusedException extends RegistryException {
  private static final long serialVersionUID = 1L;
  private final boolean missing;

  public EnrollmentRefusedException(boolean missing) {
    super(missing ? "an enrollment credential is required" : "the enrollment credential is wrong");
    this.missing = missing;
  }

  /** Whether the credential was absent (401) rather than wrong (403). */
  public boolean missing() {
    return missing;
  }
}
