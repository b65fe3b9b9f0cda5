package org.peerbook.agent;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real file system that can run full: a tmpfs of the given size mounted on a directory of its
 * own. Mounting needs root, as the CI has; elsewhere the calling test is skipped.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path root;

  private SmallDisk(Path root) {
    this.root = root;
  }

  /** Mounts a tmpfs of {@code size} (such as {@code 4m}) on a new directory. */
  public static SmallDisk mount(String size) throws IOException, InterruptedException {
    Path root = Files.createTempDirectory("peerbook-small-disk");
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", root.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean mounted = mount.waitFor() == 0;
    if (!mounted) {
      Files.deleteIfExists(root);
    }
    assumeTrue(mounted, "cannot mount a tmpfs (root only): " + said);
    return new SmallDisk(root);
  }

  public Path root() {
    return root;
  }

  /** Writes zeros into {@code name} until the disk is full. */
  public Path fillUp(String name) throws IOException {
    Path filler = root.resolve(name);
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw full;
      }
    }
    return filler;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    new ProcessBuilder("umount", "-l", root.toString()).inheritIO().start().waitFor();
    Files.deleteIfExists(root);
  }
}
