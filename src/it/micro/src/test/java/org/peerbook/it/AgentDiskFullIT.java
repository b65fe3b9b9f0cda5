package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real agent whose disk runs full (its data directory on a tmpfs of its own: mounting one needs
 * root, as the CI has; elsewhere the test is skipped). Before, its copy's store closed itself at
 * the first failed write, every lookup answered 500 until a restart, and the agent fetched the same
 * delta from the data server every few seconds, saying nothing.
 */
class AgentDiskFullIT extends SharedServerIT {
  private Path data;
  private boolean mounted;

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder("umount", "-l", data.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void aFullDiskKeepsTheCopyAnsweringTheAgentWaitsBeforeFetchingAgainAndCatchesUpWithRoom()
      throws Exception {
    Path home = ServerProcess.workDirectory("disk-full");
    data = home.resolve("data");
    Files.createDirectories(data);
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", data.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    mounted = mount.waitFor() == 0;
    assumeTrue(mounted, "cannot mount a tmpfs (root only): " + said);
    assertThat(api.put("contacts/disk-full-known", "{\"displayName\":\"Known Before\"}").status())
        .isIn(200, 201);
    try (var agent = new AgentProcess(home)) {
      agent.start(api.base(), "127.0.40.1");
      long before = BookChecks.head(api).version();
      await().atMost(Duration.ofSeconds(60)).until(() -> agent.version() == before);
      Path filler = fillUp(data.resolve("filler"));

      var contacts = Json.createArrayBuilder();
      for (int i = 0; i < 50; i++) {
        contacts.add(
            Json.createObjectBuilder()
                .add("id", "disk-full-" + i)
                .add("displayName", "Disk Full " + i + " " + "x".repeat(200)));
      }
      assertThat(api.post("contacts/import", contacts.build()).status()).isEqualTo(200);
      long head = BookChecks.head(api).version();

      await("the agent says why its copy stays behind")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> agent.status().getString("copyProblem").contains("No space left"));
      assertThat(agent.version()).isEqualTo(before);
      assertThat(agent.lookups().get("lookup/contacts/disk-full-1").status()).isEqualTo(404);
      assertThat(agent.lookups().get("lookup/contacts/disk-full-known").status())
          .as("the copy answers from its last version")
          .isEqualTo(200);
      // the problem is said as the write fails, and the next fetch waits 10 s from there (a disk
      // that has room again by then, for instance once the store dropped what it half wrote, is
      // fetched for then, and may take it)
      long fetched = AgentWalkThroughIT.requestsServed(api);
      await("it fetches nothing for the first wait")
          .during(Duration.ofSeconds(7))
          .atMost(Duration.ofSeconds(9))
          .until(() -> AgentWalkThroughIT.requestsServed(api) == fetched);
      assertThat(Files.readString(agent.log()))
          .contains("No space left on device")
          .doesNotContain("This store is closed");

      Files.delete(filler);

      await("it catches up once there is room")
          .atMost(Duration.ofSeconds(60))
          .until(() -> agent.version() == head);
      assertThat(agent.status().getString("copyProblem")).isEmpty();
      assertThat(agent.lookups().get("lookup/contacts/disk-full-49").object())
          .isEqualTo(api.get("contacts/disk-full-49").object());
      assertThat(agent.status().getInt("contacts"))
          .isEqualTo(api.get("contacts?limit=1").object().getInt("total"));
    } finally {
      api.delete("contacts/disk-full-known");
      for (int i = 0; i < 50; i++) {
        api.delete("contacts/disk-full-" + i);
      }
    }
  }

  /** Writes zeros until the disk is full. */
  private static Path fillUp(Path filler) throws IOException {
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
}
