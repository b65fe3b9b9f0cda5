package org.peerbook.it;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One data server (H2) for every test class of the run that only calls the book's API and tidies up
 * what it registers: started by the first such class, stopped when the run ends. Each server start
 * costs about 20 s, so classes that need nothing of their own share this one; a class that needs
 * fresh registry state, its own settings or a server to kill starts its own.
 */
final class SharedServer implements BeforeAllCallback {
  private static final ExtensionContext.Namespace SHARED =
      ExtensionContext.Namespace.create(SharedServer.class);

  /** The server the run shares, closed with the run. */
  private record Running(ServerProcess server) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      server.close();
    }
  }

  private static volatile ServerProcess server;

  // a server that did not start fails every class that shares it at once, instead of each class
  // waiting minutes for a start of its own that fails the same way
  private static volatile RuntimeException failedToStart;

  @Override
  public void beforeAll(ExtensionContext context) {
    if (failedToStart != null) {
      throw new IllegalStateException("the shared server did not start", failedToStart);
    }
    try {
      server =
          context
              .getRoot()
              .getStore(SHARED)
              .getOrComputeIfAbsent(
                  Running.class,
                  key ->
                      new Running(
                          new ServerProcess(ServerProcess.workDirectory("shared"), Map.of())
                              .start()),
                  Running.class)
              .server();
    } catch (RuntimeException e) {
      failedToStart = e;
      throw e;
    }
  }

  /** The API root, as an administrator calls it. */
  static Http api() {
    return server.api();
  }

  /** What the shared server wrote. */
  static Path log() {
    return server.log();
  }

  /** The server's root, where MicroProfile Health and OpenAPI answer. */
  static Http root() {
    return server.root();
  }
}
