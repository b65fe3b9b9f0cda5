package org.peerbook.administrators.control;

import java.nio.file.Path;

/** The administrators file cannot be used: the server refuses to start rather than guess. */
public class InvalidAdministratorFileException extends RuntimeException {
  public InvalidAdministratorFileException(Path file, int line, String why) {
    super(file + " line " + line + ": " + why);
  }
}
