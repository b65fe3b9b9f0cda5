package org.peerbook.directory.control;

import org.peerbook.directory.entity.RunReport;

/** A run that applied nothing; its report says how far it got, its cause why it stopped. */
public class RunFailedException extends DirectoryException {
  private static final long serialVersionUID = 1L;

  private final transient RunReport report;

  public RunFailedException(RunReport report, RuntimeException cause) {
    super(report.failure(), cause);
    this.report = report;
  }

  public RunReport report() {
    return report;
  }
}
