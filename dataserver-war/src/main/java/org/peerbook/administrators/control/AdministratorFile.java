package org.peerbook.administrators.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The deployer's list of administrators: one {@code name:pbkdf2-sha256:...} line each, {@code #}
 * starts a comment. Without the file, {@link #createWithGeneratedAdmin} makes one for a first
 * start, as Jenkins does with its initial admin password.
 */
public final class AdministratorFile {
  public static final String BOOTSTRAP_NAME = "admin";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private AdministratorFile() {}

  /**
   * @throws InvalidAdministratorFileException naming the file, the line and what is wrong
   */
  public static Map<String, PasswordHash> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the administrators file " + file, e);
    }
    Map<String, PasswordHash> administrators = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String name = colon < 0 ? line : line.substring(0, colon);
      if (!NAME.matcher(name).matches()) {
        throw new InvalidAdministratorFileException(
            file, i + 1, "a line is <name>:<password hash>, the name of letters, digits and ._@-");
      }
      try {
        if (administrators.put(name, PasswordHash.parse(line.substring(colon + 1))) != null) {
          throw new InvalidAdministratorFileException(file, i + 1, name + " is listed twice");
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidAdministratorFileException(file, i + 1, e.getMessage());
      }
    }
    return administrators;
  }

  /**
   * Writes {@code file} naming {@value #BOOTSTRAP_NAME} with the hash of a random password, then
   * {@code passwordFile} (owner-readable only) with the password. Several servers sharing the file
   * may start at once: the first one's file wins and the others leave it alone.
   *
   * @return whether this call created the files
   */
  public static boolean createWithGeneratedAdmin(Path file, Path passwordFile) {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    try {
      Path directory = file.toAbsolutePath().getParent();
      Files.createDirectories(directory);
      Path draft = Files.createTempFile(directory, ".admin-users", ".draft");
      Path passwordDraft = Files.createTempFile(directory, ".admin-password", ".draft");
      try {
        ownerOnly(passwordDraft);
        Files.writeString(passwordDraft, password + "\n");
        Files.writeString(
            draft,
            "# PeerBook administrators: <name>:<password hash>, see the README\n"
                + BOOTSTRAP_NAME
                + ":"
                + PasswordHash.of(password.toCharArray())
                + "\n");
        // link() never replaces: of servers starting together exactly one creates the file, and
        // the others read it whole
        Files.createLink(file, draft);
        // the one that did replaces a password file left from an earlier administrators file,
        // which would name a password nobody can sign in with
        Files.move(
            passwordDraft,
            passwordFile,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.deleteIfExists(draft);
        Files.deleteIfExists(passwordDraft);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the administrators file " + file, e);
    }
  }

  /** Whether {@code name} may name an administrator in the file. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * Rewrites {@code file} with {@code name}'s line set to {@code hash} (added at the end if it is
   * new), or removed when {@code hash} is {@code null}; comments and every other line stay as they
   * are. The new file replaces the old in one rename, so a reader never sees half of it.
   */
  public static void rewrite(Path file, String name, PasswordHash hash) {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
      boolean found = false;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).strip().startsWith(name + ":")) {
          found = true;
          if (hash == null) {
            lines.remove(i--);
          } else {
            lines.set(i, name + ":" + hash);
          }
        }
      }
      if (!found && hash != null) {
        lines.add(name + ":" + hash);
      }
      Path draft =
          Files.createTempFile(file.toAbsolutePath().getParent(), ".admin-users", ".draft");
      try {
        ownerOnly(draft);
        Files.write(draft, lines, StandardCharsets.UTF_8);
        Files.move(
            draft, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(draft);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the administrators file " + file, e);
    }
  }

  private static void ownerOnly(Path path) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the directory's own protection applies
    }
  }
}
