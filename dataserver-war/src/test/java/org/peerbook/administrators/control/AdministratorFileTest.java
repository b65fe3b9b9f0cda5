package org.peerbook.administrators.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdministratorFileTest {
  @TempDir Path home;

  @Test
  void createsOneAdministratorWhosePasswordOnlyTheOwnerCanRead() throws IOException {
    Path users = home.resolve("admin-users");
    Path password = home.resolve("admin-password");

    assertThat(AdministratorFile.createWithGeneratedAdmin(users, password)).isTrue();

    Map<String, PasswordHash> administrators = AdministratorFile.read(users);
    assertThat(administrators).containsOnlyKeys("admin");
    assertThat(
            administrators.get("admin").matches(Files.readString(password).strip().toCharArray()))
        .isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password)))
        .isEqualTo("rw-------");
    try (var left = Files.list(home)) {
      assertThat(left).containsExactlyInAnyOrder(users, password);
    }
  }

  @Test
  void replacesAPasswordFileLeftFromAnEarlierAdministratorsFile() throws IOException {
    Path users = home.resolve("admin-users");
    Path password = home.resolve("admin-password");
    AdministratorFile.createWithGeneratedAdmin(users, password);
    String earlier = Files.readString(password);
    // an operator starts over by deleting the administrators, not the password beside them
    Files.delete(users);

    assertThat(AdministratorFile.createWithGeneratedAdmin(users, password)).isTrue();

    String now = Files.readString(password);
    assertThat(now).isNotEqualTo(earlier);
    assertThat(AdministratorFile.read(users).get("admin").matches(now.strip().toCharArray()))
        .isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password)))
        .isEqualTo("rw-------");
  }

  @Test
  void leavesAnExistingFileAlone() throws IOException {
    Path users = home.resolve("admin-users");
    Path password = home.resolve("admin-password");
    AdministratorFile.createWithGeneratedAdmin(users, password);
    String first = Files.readString(users);

    assertThat(AdministratorFile.createWithGeneratedAdmin(users, password)).isFalse();

    assertThat(Files.readString(users)).isEqualTo(first);
  }

  @Test
  void readsSeveralAdministratorsSkippingCommentsAndBlankLines() throws IOException {
    Path users = home.resolve("users");
    Files.writeString(
        users,
        "# administrators\n\nalice:"
            + PasswordHash.of("a".toCharArray())
            + "\n  bob.smith@corp:"
            + PasswordHash.of("b".toCharArray())
            + "  \n");

    Map<String, PasswordHash> administrators = AdministratorFile.read(users);

    assertThat(administrators).containsOnlyKeys("alice", "bob.smith@corp");
    assertThat(administrators.get("bob.smith@corp").matches("b".toCharArray())).isTrue();
  }

  @Test
  void namesTheLineAndTheFaultOfABrokenFile() throws IOException {
    Path users = home.resolve("users");
    String hash = PasswordHash.of("a".toCharArray()).toString();
    Files.writeString(users, "alice:" + hash + "\nbob:secret\n");
    assertThatThrownBy(() -> AdministratorFile.read(users))
        .isInstanceOf(InvalidAdministratorFileException.class)
        .hasMessageContaining("line 2");

    Files.writeString(users, "alice:" + hash + "\nalice:" + hash + "\n");
    assertThatThrownBy(() -> AdministratorFile.read(users))
        .hasMessageContaining("line 2")
        .hasMessageContaining("twice");

    Files.writeString(users, "al ice:" + hash + "\n");
    assertThatThrownBy(() -> AdministratorFile.read(users)).hasMessageContaining("line 1");
  }
}
