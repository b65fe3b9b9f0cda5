package org.peerbook.agent.directory;

import com.unboundid.ldap.sdk.LDAPConnection;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestDirectory} of its own for each test, and one client connected to it: register it
 * with {@code @RegisterExtension}. The client is not part of {@link TestDirectory}, whose tests of
 * connection limits count every connection made to it.
 */
final class ConnectedDirectory implements BeforeEachCallback, AfterEachCallback {
  private final Supplier<Path> dir;
  private final Optional<String> password;
  private final int sizeLimit;
  private TestDirectory directory;
  private LDAPConnection client;

  /**
   * @param dir where the store lies, read when each test starts (a {@code @TempDir} field)
   */
  ConnectedDirectory(Supplier<Path> dir, Optional<String> password, int sizeLimit) {
    this.dir = dir;
    this.password = password;
    this.sizeLimit = sizeLimit;
  }

  TestDirectory directory() {
    return directory;
  }

  LDAPConnection client() {
    return client;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    directory = new TestDirectory(dir.get(), password, sizeLimit);
    client = new LDAPConnection("127.0.0.1", directory.port());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try (TestDirectory closing = directory) {
      client.close();
    }
  }
}
