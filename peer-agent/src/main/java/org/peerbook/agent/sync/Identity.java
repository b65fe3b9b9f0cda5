package org.peerbook.agent.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.peerbook.protocol.HeadSignatures;

/**
 * What an agent keeps about itself in its data directory: its node id (made once) and the data
 * server's public key, pinned on first contact (or given by the operator) so that a later impostor
 * cannot swap it.
 */
public final class Identity {
  private static final Logger LOG = Logger.getLogger(Identity.class.getName());

  private Identity() {}

  public static String nodeId(Path dataDir, Optional<String> configured) {
    Path file = dataDir.resolve("node-id");
    if (configured.isPresent()) {
      write(file, configured.get());
      return configured.get();
    }
    return read(file)
        .orElseGet(
            () -> {
              String id = "agent-" + UUID.randomUUID();
              write(file, id);
              return id;
            });
  }

  /**
   * The key to trust: the configured one (pinned from then on), else the pinned one, else the one
   * the data server publishes now (trust on first use), pinned.
   */
  public static PublicKey trustedKey(
      Path dataDir, Optional<String> configured, Supplier<String> published) {
    Path file = dataDir.resolve("trusted-key");
    String key =
        configured.orElseGet(
            () ->
                read(file)
                    .orElseGet(
                        () -> {
                          String fetched = published.get();
                          LOG.warning(
                              "no trusted key given: pinning the data server's key " + fetched);
                          return fetched;
                        }));
    PublicKey decoded = HeadSignatures.decodePublicKey(key);
    write(file, key);
    return decoded;
  }

  private static Optional<String> read(Path file) {
    try {
      return Files.exists(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String value) {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, value + "\n", StandardCharsets.UTF_8);
      Files.move(
          temporary,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
