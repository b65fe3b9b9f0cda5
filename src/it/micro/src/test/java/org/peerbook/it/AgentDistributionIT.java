package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;

/**
 * The agent as IT installs it: the distribution archive unpacked, its launcher run with nothing but
 * {@code run}, its settings and copy in the OS's places; its service definitions checked against
 * what the archive holds.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AgentDistributionIT extends SharedServerIT {
  private static final Path ARCHIVE = Path.of(System.getProperty("peerbook.agentDistribution"));
  private static Path installed;

  @BeforeAll
  static void unpack() throws Exception {
    Path work = Files.createDirectories(ServerProcess.workDirectory("distribution"));
    Path opt = work.resolve("opt");
    Files.createDirectories(opt);
    // tar, as an administrator would: it keeps the launcher's mode
    Run untar = run(opt, Map.of(), "tar", "xzf", ARCHIVE.toString());
    assertThat(untar.exitCode()).as(untar.output()).isZero();
    installed = opt.resolve("peerbook-agent");
    System.out.printf(
        "agent distribution: %s, %,d bytes (zip %,d bytes)%n",
        ARCHIVE.getFileName(), Files.size(ARCHIVE), Files.size(zip()));
  }

  @Test
  void runsFromTheUsersOwnPlacesWithNothingButRunAndStopsCleanlyOnSigterm() throws Exception {
    Path user = Files.createDirectories(ServerProcess.workDirectory("distribution-user"));
    int lookupPort = FreePorts.next();
    Path settings = user.resolve("config/peerbook/agent.properties");
    Files.createDirectories(settings.getParent());
    Files.writeString(
        settings,
        String.join(
            "\n",
            "registry=" + api.base(),
            "enrollment-secret=" + Registrations.SECRET,
            "listen=127.0.0.61:0",
            "lookup=127.0.0.1:" + lookupPort,
            "max-sync-jitter-ms=200",
            ""));
    api.put("contacts/distribution-1", "{\"displayName\":\"Aiyana Distribution\"}");
    long head = BookChecks.head(api).version();
    Map<String, String> environment =
        Map.of(
            "PEERBOOK_AGENT_SCOPE", "user",
            "HOME", user.resolve("home").toString(),
            "XDG_STATE_HOME", user.resolve("state").toString(),
            "XDG_CONFIG_HOME", user.resolve("config").toString());
    // started elsewhere than its home: it must not write where it was started
    Path startedIn = Files.createDirectories(user.resolve("elsewhere"));
    Process agent = start(startedIn, environment, user.resolve("agent.log"), launcher(), "run");
    try {
      Http lookups = new Http(URI.create("http://127.0.0.1:" + lookupPort + "/"));
      await("the installed agent at the head")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(
              () -> lookups.get("lookup/status").object().getJsonNumber("version").longValue(),
              version -> version >= head);
      String nodeId = lookups.get("lookup/status").object().getString("nodeId");
      assertThat(Files.readString(Path.of("/proc/" + agent.pid() + "/cmdline")).split("\0"))
          .as("the launcher's JVM defaults, the JVM itself (exec)")
          .contains(
              "-Xmx128m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-XX:MaxTenuringThreshold=1",
              "run");

      Path data = user.resolve("state/peerbook-agent");
      assertThat(data.resolve("copy.mvstore")).isRegularFile();
      assertThat(data.resolve("node-token")).isRegularFile();
      try (var left = Files.list(startedIn)) {
        assertThat(left).as("nothing written where it was started").isEmpty();
      }
      Run status =
          run(startedIn, environment, launcher(), "status", "--lookup", "127.0.0.1:" + lookupPort);
      assertThat(status.exitCode()).as(status.output()).isZero();
      assertThat(status.output()).contains(nodeId);

      agent.destroy(); // SIGTERM to the JVM itself: the launcher exec'd it
      assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(agent.exitValue()).as("128 + SIGTERM, as the systemd unit expects").isEqualTo(143);
      assertThat(api.get("registry/admin/nodes/" + nodeId).status())
          .as("deregistered on the way out")
          .isEqualTo(404);
    } finally {
      agent.destroyForcibly();
    }
  }

  @Test
  void refusesABadSettingWithExitCodeTwoSoTheServiceDoesNotRestartIt() throws Exception {
    Path user = Files.createDirectories(ServerProcess.workDirectory("distribution-bad"));
    Run run =
        run(
            user,
            Map.of("PEERBOOK_AGENT_SCOPE", "sometimes", "PEERBOOK_AGENT_JAVA_OPTS", javaOptions()),
            launcher(),
            "run",
            "--registry",
            api.base().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("PEERBOOK_AGENT_SCOPE must be machine or user");
  }

  @Test
  void theSystemdUnitVerifiesWhereTheDistributionIsInstalled() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is installed");
    Path unit = installed.resolve("service/linux/peerbook-agent.service");
    String text = Files.readString(unit);
    assertThat(text).contains("ExecStart=/opt/peerbook-agent/bin/peerbook-agent run");
    // as if unpacked at /opt/peerbook-agent: systemd checks that ExecStart can be run
    Path placed = installed.resolveSibling("check").resolve("peerbook-agent.service");
    Files.createDirectories(placed.getParent());
    Files.writeString(placed, text.replace("/opt/peerbook-agent", installed.toString()));

    Run verify =
        run(
            placed.getParent(),
            Map.of(),
            "systemd-analyze",
            "verify",
            "--man=no",
            placed.toString());

    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output()).as("no warning either").isBlank();
  }

  @Test
  void theWindowsArchiveHoldsWhatItsServiceDefinitionAndScriptsName() throws Exception {
    try (ZipFile zip = new ZipFile(zip().toFile())) {
      String root = "peerbook-agent/";
      String serviceDir = root + "service/windows/";
      Document winsw =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(zip.getInputStream(entry(zip, serviceDir + "peerbook-agent-service.xml")));
      String arguments = winsw.getElementsByTagName("arguments").item(0).getTextContent();
      // WinSW's %BASE% is the directory of its executable, beside the XML
      String jar = arguments.replaceAll(".*\"%BASE%\\\\([^\"]+)\".*", "$1").replace('\\', '/');
      assertThat(Path.of(serviceDir + jar).normalize().toString().replace('\\', '/'))
          .isEqualTo(root + "lib/peer-agent.jar");
      assertThat(entry(zip, root + "lib/peer-agent.jar").getSize()).isPositive();
      assertThat(
              winsw
                  .getElementsByTagName("env")
                  .item(0)
                  .getAttributes()
                  .getNamedItem("value")
                  .getNodeValue())
          .isEqualTo("machine");
      for (String script :
          List.of(
              root + "bin/peerbook-agent.cmd",
              serviceDir + "install-service.cmd",
              serviceDir + "uninstall-service.cmd")) {
        String text = read(zip, script);
        assertThat(text).as(script + " in Windows' line endings").contains("\r\n");
        assertThat(text.replace("\r\n", "")).as(script).doesNotContain("\n");
      }
      assertThat(read(zip, serviceDir + "install-service.cmd"))
          .contains("..\\..\\conf\\agent.properties");
      assertThat(entry(zip, root + "conf/agent.properties")).isNotNull();
    }
  }

  private static ZipEntry entry(ZipFile zip, String name) {
    ZipEntry entry = zip.getEntry(name);
    assertThat(entry).as(name).isNotNull();
    return entry;
  }

  private static String read(ZipFile zip, String name) throws IOException {
    try (InputStream in = zip.getInputStream(entry(zip, name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Path zip() {
    return ARCHIVE.resolveSibling(ARCHIVE.getFileName().toString().replace(".tar.gz", ".zip"));
  }

  private static String launcher() {
    return installed.resolve("bin/peerbook-agent").toString();
  }

  /** The tests' JVM options, with a heap. */
  private static String javaOptions() {
    List<String> options = new ArrayList<>(List.of("-Xmx128m"));
    options.addAll(ChildJvm.options());
    return String.join(" ", options);
  }

  record Run(int exitCode, String output) {}

  private static Process start(
      Path directory, Map<String, String> environment, Path log, String... command)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("PEERBOOK_"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.putAll(environment);
    return builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static Run run(Path directory, Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(directory.getParent(), "run-", ".log");
    Process process = start(directory, new HashMap<>(environment), log, command);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
    return new Run(process.exitValue(), Files.readString(log));
  }
}
