package org.peerbook.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The administrator every test server shares: the first server to start creates the users file that
 * the build names (PEERBOOK_ADMIN_USERS_FILE) with a generated password beside it, as a
 * deployment's first start does, and the tests read that password.
 */
public final class TestAdministrator {
  public static final String NAME = "admin";

  private TestAdministrator() {}

  public static String password() {
    Path file = Path.of(System.getProperty("peerbook.it.admin-password-file"));
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("no test administrator yet: has a server started?", e);
    }
  }

  public static String basicAuthorization() {
    return basic(NAME, password());
  }

  public static String basic(String name, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
