package org.peerbook.agent.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A secret written whole or not at all, readable by the file's owner only: with POSIX permissions
 * where the file system has them (Linux, macOS), with an access control list naming only the owner
 * where it has those instead (NTFS on Windows). The draft is protected before the secret goes in,
 * and the move over the old file keeps the draft's protection.
 */
final class OwnerOnlyFile {
  /** How the file written is protected. */
  enum Protection {
    POSIX_OWNER_ONLY,
    ACL_OWNER_ONLY,
    /** the file system has neither (FAT, some network shares): readable as its directory allows */
    NONE
  }

  private OwnerOnlyFile() {}

  /** Writes {@code content} as US-ASCII to {@code file}, replacing what was there. */
  static Protection write(Path file, String content) throws IOException {
    Path draft = file.resolveSibling(file.getFileName() + ".draft");
    Files.deleteIfExists(draft);
    Set<String> views = file.getFileSystem().supportedFileAttributeViews();
    Protection protection;
    if (views.contains("posix")) {
      Files.createFile(
          draft,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      protection = Protection.POSIX_OWNER_ONLY;
    } else if (views.contains("acl")) {
      Files.createFile(draft);
      AclFileAttributeView acl = Files.getFileAttributeView(draft, AclFileAttributeView.class);
      // replaces the entries the new file inherited from its directory (Users: read, on Windows)
      acl.setAcl(
          List.of(
              AclEntry.newBuilder()
                  .setType(AclEntryType.ALLOW)
                  .setPrincipal(acl.getOwner())
                  .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                  .build()));
      protection = Protection.ACL_OWNER_ONLY;
    } else {
      Files.createFile(draft);
      protection = Protection.NONE;
    }
    try {
      Files.writeString(draft, content, StandardCharsets.US_ASCII);
      Files.move(draft, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(draft);
    }
    return protection;
  }
}
