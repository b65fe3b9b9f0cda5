package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldif.LDIFReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory as an unmodified client sees it: OpenLDAP's {@code ldapsearch} (Debian's
 * ldap-utils) against the listener on loopback, its LDIF read back with the SDK's LDIF reader. CI
 * installs ldap-utils; a machine without it fails here rather than skipping silently.
 */
class LdapsearchTest {
  private static final String BASE = TestDirectory.BASE;
  private static final String PASSWORD = "s3cret";

  @TempDir Path dir;

  @BeforeAll
  static void ldapsearchIsInstalled() {
    assertThat(ldapsearch())
        .as(
            "ldapsearch is not on the PATH: install Debian's ldap-utils"
                + " (apt-get install ldap-utils; .ci/run does)")
        .isPresent();
  }

  @Test
  void findsUnicodeNamesByPrefixAsLdif() throws Exception {
    try (var directory = new TestDirectory(dir, Optional.empty(), 500)) {
      Result result = ldapsearch(directory, List.of(), "(cn=张*)", "cn", "sn", "mail");

      assertThat(result.exit()).as(result.error()).isZero();
      assertThat(result.ldif()).contains("dn: uid=zhang," + BASE);
      assertThat(result.entries()).singleElement();
      Entry zhang = result.entries().get(0);
      assertThat(zhang.getAttributeValue("cn")).isEqualTo("张伟");
      assertThat(zhang.getAttributeValue("sn")).isEqualTo("张");
      assertThat(zhang.getAttributeValue("mail")).isEqualTo("zhang.wei@example.cn");
      assertThat(zhang.getAttributes()).hasSize(3);
    }
  }

  @Test
  void answersWhatAnAddressBookSendsWithEveryKindOfFilter() throws Exception {
    try (var directory = new TestDirectory(dir, Optional.empty(), 500)) {
      Result result =
          ldapsearch(
              directory,
              List.of(),
              "(&(objectClass=person)(|(cn=*cel*)(mail=anna@*)(sn=álv*))(!(ou=Physics)))",
              "uid");

      assertThat(result.exit()).as(result.error()).isZero();
      assertThat(result.entries())
          .extracting(e -> e.getAttributeValue("uid"))
          .containsExactlyInAnyOrder("carl", "jose");
    }
  }

  @Test
  void endsWithSizeLimitExceededAfterTheLimit() throws Exception {
    try (var directory = new TestDirectory(dir, Optional.empty(), 500)) {
      Result result = ldapsearch(directory, List.of("-z", "3"), "(ou=Bulk)", "cn");

      assertThat(result.exit()).isEqualTo(4);
      assertThat(result.error()).contains("Size limit exceeded");
      assertThat(result.entries()).hasSize(3);
    }
  }

  @Test
  void pagesBeyondTheServerSizeLimitWithPagedResults() throws Exception {
    try (var directory = new TestDirectory(dir, Optional.empty(), 10)) {
      Result paged = ldapsearch(directory, List.of("-E", "pr=4/noprompt"), "(ou=Bulk)", "uid");
      Result plain = ldapsearch(directory, List.of(), "(ou=Bulk)", "uid");

      assertThat(paged.exit()).as(paged.error()).isZero();
      assertThat(paged.entries())
          .extracting(e -> e.getAttributeValue("uid"))
          .hasSize(TestDirectory.BULK)
          .doesNotHaveDuplicates();
      assertThat(plain.exit()).as("without paging the server's limit holds").isEqualTo(4);
      assertThat(plain.entries()).hasSize(10);
    }
  }

  @Test
  void sortsAndShowsAVirtualListViewWindow() throws Exception {
    try (var directory = new TestDirectory(dir, Optional.empty(), 500)) {
      Result sorted = ldapsearch(directory, List.of("-E", "sss=-cn"), "(ou=Bulk)", "cn");
      // ldapsearch then asks for the next window on its input: "q" ends it (with exit code 1)
      Result window =
          answering(
              directory, List.of("-E", "sss=cn", "-E", "vlv=1/2/10/0"), "q\n", "(ou=Bulk)", "cn");

      assertThat(sorted.exit()).as(sorted.error()).isZero();
      assertThat(sorted.entries())
          .extracting(e -> e.getAttributeValue("cn"))
          .hasSize(TestDirectory.BULK)
          .isSortedAccordingTo(java.util.Comparator.reverseOrder());
      assertThat(window.ldif()).contains("vlvResultpos=10 count=25");
      assertThat(window.entries())
          .extracting(e -> e.getAttributeValue("cn"))
          .containsExactly("Bulk Person 09", "Bulk Person 10", "Bulk Person 11", "Bulk Person 12");
    }
  }

  @Test
  void bindsAsTheReaderWithThePasswordAndRefusesAWrongOne() throws Exception {
    try (var directory = new TestDirectory(dir, Optional.of(PASSWORD), 500)) {
      List<String> reader = List.of("-D", TestDirectory.READER, "-w", PASSWORD);
      List<String> wrong = List.of("-D", TestDirectory.READER, "-w", "guess");

      Result bound = ldapsearch(directory, reader, "(mail=carl@example.com)", "cn");
      Result refused = ldapsearch(directory, wrong, "(mail=carl@example.com)", "cn");
      Result anonymous = ldapsearch(directory, List.of(), "(mail=carl@example.com)", "cn");

      assertThat(bound.exit()).as(bound.error()).isZero();
      assertThat(bound.entries()).singleElement();
      assertThat(refused.exit()).isEqualTo(49);
      assertThat(refused.error()).contains("Invalid credentials");
      // ldapsearch binds anonymously first: refused as inappropriateAuthentication
      assertThat(anonymous.exit()).isEqualTo(48);
      assertThat(anonymous.entries()).isEmpty();
    }
  }

  private record Result(int exit, String ldif, String error, List<Entry> entries) {}

  private static Result ldapsearch(
      TestDirectory directory, List<String> options, String filter, String... attributes)
      throws IOException, InterruptedException {
    return answering(directory, options, "", filter, attributes);
  }

  /** As {@link #ldapsearch}, with {@code input} on ldapsearch's standard input. */
  private static Result answering(
      TestDirectory directory,
      List<String> options,
      String input,
      String filter,
      String... attributes)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ldapsearch().orElseThrow().toString());
    command.addAll(
        List.of(
            "-x",
            "-LLL",
            "-o",
            "ldif-wrap=no",
            "-H",
            "ldap://127.0.0.1:" + directory.port(),
            "-b",
            BASE));
    command.addAll(options);
    command.add(filter);
    command.addAll(List.of(attributes));
    Process process =
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    // LDIF of a few entries and a line of error fit the pipes: read them after the exit
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ldapsearch finished").isTrue();
    byte[] out = process.getInputStream().readAllBytes();
    String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    List<Entry> entries = new ArrayList<>();
    // a virtual list view's prompt for the next window is no LDIF
    byte[] ldif =
        new String(out, StandardCharsets.UTF_8)
            .replaceAll("(?m)^Press .*$", "")
            .getBytes(StandardCharsets.UTF_8);
    try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(ldif))) {
      for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
        entries.add(entry);
      }
    } catch (com.unboundid.ldif.LDIFException e) {
      throw new AssertionError("ldapsearch wrote no valid LDIF: " + e.getMessage(), e);
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), error, entries);
  }

  private static Optional<Path> ldapsearch() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(directory -> Path.of(directory, "ldapsearch"))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
