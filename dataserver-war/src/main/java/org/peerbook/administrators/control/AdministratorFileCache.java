package org.peerbook.administrators.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The administrators file as last read, read again when its modification time changes. While it
 * cannot be read, every use fails with {@link AdministratorFileUnavailableException} (never the
 * administrators last read: a deployer who removed the file may have meant to lock everyone out),
 * and the fault is logged once, not once per request; once it can be read again, that is logged.
 */
public final class AdministratorFileCache {
  private static final Logger LOG = Logger.getLogger(AdministratorFileCache.class.getName());

  private final Path file;
  private final Runnable reloaded;
  private volatile Loaded loaded;
  // the fault last logged, null while the file can be read
  private final AtomicReference<String> fault = new AtomicReference<>();

  private record Loaded(FileTime modified, Map<String, PasswordHash> administrators) {}

  /**
   * @param reloaded told whenever the file was read anew (what was verified against the old one is
   *     to be forgotten)
   */
  public AdministratorFileCache(Path file, Runnable reloaded) {
    this.file = file;
    this.reloaded = reloaded;
  }

  public Path file() {
    return file;
  }

  /**
   * The administrators and their password hashes, in the file's order.
   *
   * @throws AdministratorFileUnavailableException if the file cannot be read or is broken
   */
  public Map<String, PasswordHash> administrators() {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      Loaded known = loaded;
      if (known == null || !known.modified().equals(modified)) {
        known = new Loaded(modified, AdministratorFile.read(file));
        reloaded.run();
        loaded = known;
      }
      if (fault.getAndSet(null) != null) {
        LOG.info(() -> "the administrators file " + file + " can be read again");
      }
      return known.administrators();
    } catch (IOException | UncheckedIOException | InvalidAdministratorFileException e) {
      throw unavailable(e);
    }
  }

  /** The file was rewritten here: read it again at the next use. */
  public void forget() {
    loaded = null;
  }

  private AdministratorFileUnavailableException unavailable(Exception e) {
    Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
    String what =
        cause instanceof NoSuchFileException
            ? "the administrators file " + file + " is missing"
            : cause instanceof InvalidAdministratorFileException
                ? "the administrators file is broken: " + cause.getMessage()
                : "the administrators file " + file + " cannot be read (" + cause + ")";
    String why = what + "; nobody can sign in as an administrator until it is restored";
    if (!why.equals(fault.getAndSet(why))) {
      LOG.severe(why);
    }
    return new AdministratorFileUnavailableException(why, cause);
  }
}
