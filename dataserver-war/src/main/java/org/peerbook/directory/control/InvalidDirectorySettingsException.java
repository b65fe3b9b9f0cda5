package org.peerbook.directory.control;

import java.util.List;

/** The directory sources are misconfigured: the data server refuses to start with them. */
public class InvalidDirectorySettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidDirectorySettingsException(List<String> problems) {
    super("invalid directory sources: " + String.join("; ", problems));
  }
}
