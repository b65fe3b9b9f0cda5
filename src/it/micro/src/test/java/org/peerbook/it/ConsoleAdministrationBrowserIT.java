package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import jakarta.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console's administration pages in Debian's Chromium against a server of their own: per-node
 * enrollment (credentials issued in bulk, an agent enrolled with one), a directory source on the
 * tests' own slapd (dry run, then a run), and administrators added, signed in and removed (in a
 * users file of this server's own, so that no other test's administrator changes).
 *
 * <p>That file starts as a copy of the run's: the shared server is started first, so that the test
 * administrator exists when this class runs alone too.
 */
@ExtendWith(SharedServer.class)
class ConsoleAdministrationBrowserIT {
  private static final Duration PAGE = Duration.ofSeconds(20);

  private static Path home;
  private static Slapd slapd;
  private static ServerProcess server;
  private static Http api;

  private ConsoleBrowser browser;

  @BeforeAll
  static void start() throws Exception {
    home = ServerProcess.workDirectory("console-administration");
    slapd = new Slapd(home.resolve("slapd")).start();
    try (LDAPConnection ldap = slapd.connect()) {
      for (String[] person : new String[][] {{"Grace Hopper", "Hopper"}, {"刘洋", "刘"}}) {
        ldap.add(
            "cn=" + person[0] + "," + Slapd.PEOPLE,
            List.of(
                new Attribute("objectClass", "inetOrgPerson"),
                new Attribute("cn", person[0]),
                new Attribute("sn", person[1])));
      }
    }
    Path users = home.resolve("admin-users");
    Files.createDirectories(home);
    Files.copy(
        Path.of(System.getProperty("peerbook.it.admin-password-file"))
            .resolveSibling("admin-users"),
        users);
    Map<String, String> settings = new HashMap<>(slapd.sourceSettings("people", 50));
    settings.put("peerbook.directory.sources", "people");
    settings.put("peerbook.registry.enrollment", "per-node");
    settings.put("peerbook.admin.users-file", users.toString());
    settings.put("peerbook.allocation.network.sites", "127.0.34.0/24=lab");
    server = new ServerProcess(home.resolve("server"), settings).start();
    api = server.api();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (slapd != null) {
      slapd.close();
    }
  }

  @BeforeEach
  void openBrowser() {
    browser = new ConsoleBrowser();
    browser.driver.get(server.root().base().toString());
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  private WebElement visible(By element) {
    return browser.waiting(PAGE).until(ExpectedConditions.visibilityOfElementLocated(element));
  }

  private void awaitText(By element, String text) {
    browser.waiting(PAGE).until(ExpectedConditions.textToBePresentInElementLocated(element, text));
  }

  private void signIn(String name, String password) {
    visible(By.id("sign-in-name")).clear();
    browser.driver.findElement(By.id("sign-in-name")).sendKeys(name);
    browser.driver.findElement(By.id("sign-in-password")).clear();
    browser.driver.findElement(By.id("sign-in-password")).sendKeys(password);
    browser.driver.findElement(By.id("sign-in-submit")).click();
    awaitText(By.id("who-name"), name);
  }

  private void open(String section) {
    browser.driver.findElement(By.cssSelector("nav a[data-view='" + section + "']")).click();
  }

  @Test
  void credentialsIssuedInBulkEnrollAnAgent() {
    signIn(TestAdministrator.NAME, TestAdministrator.password());
    open("enrollment");
    awaitText(By.id("enrollment-mode"), "per-node");
    visible(By.id("enrollment-names")).sendKeys("laptop-0001\nlaptop-0002\nlaptop-0003\n");
    browser.driver.findElement(By.id("enrollment-issue")).click();
    visible(By.cssSelector("#issued-table tr[data-issued='laptop-0003']"));
    assertThat(browser.driver.findElements(By.cssSelector("#issued-table tbody tr"))).hasSize(3);
    assertThat(browser.driver.findElement(By.id("enrollment-download")).getAttribute("href"))
        .startsWith("blob:");
    String credential =
        browser
            .driver
            .findElement(By.cssSelector("#issued-table tr[data-issued='laptop-0002'] td.secret"))
            .getText();
    browser.screenshot("12-credentials-issued");

    try (var agent = new AgentProcess(home.resolve("agent"))) {
      agent.start(
          api.base(), "127.0.34.1", "--node-id", "laptop-0002", "--enrollment-secret", credential);
      // the lookup API answers before the agent has registered: wait for the registry to know it
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> api.get("registry/admin/nodes/laptop-0002").object().containsKey("site"));
      var enrolled = api.get("registry/admin/nodes/laptop-0002").object();
      assertThat(enrolled.getString("site")).as("the site map names its site").isEqualTo("lab");
    }

    visible(By.cssSelector("#credential-table tr[data-holder='laptop-0003'] button")).click();
    browser.driver.switchTo().alert().accept();
    browser
        .waiting(PAGE)
        .until(
            ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#credential-table tr[data-holder]"), 2));
    assertThat(api.get("registry/admin/credentials").json().asJsonArray().toString())
        .contains("laptop-0001", "laptop-0002")
        .doesNotContain("laptop-0003");
  }

  @Test
  void aDirectorySourceRunsDryThenForReal() {
    signIn(TestAdministrator.NAME, TestAdministrator.password());
    long head = BookChecks.head(api).version();
    open("directories");
    visible(By.cssSelector("[data-source='people'] button[data-dry-run='people']")).click();
    awaitText(By.id("directory-counts"), "2 to create");
    assertThat(browser.driver.findElements(By.cssSelector("#directory-sample tbody tr")))
        .hasSize(2);
    browser.screenshot("13-directory-dry-run");
    assertThat(BookChecks.head(api).version()).as("a dry run writes nothing").isEqualTo(head);

    visible(By.cssSelector("button[data-run='people']")).click();
    awaitText(By.id("directory-counts"), "2 created");
    awaitText(By.cssSelector("[data-source='people']"), "last run succeeded");
    assertThat(api.get("contacts?q=Grace").object().getInt("total")).isEqualTo(1);
    assertThat(
            api.get(
                    "contacts?q="
                        + java.net.URLEncoder.encode("刘", java.nio.charset.StandardCharsets.UTF_8))
                .object()
                .getInt("total"))
        .isEqualTo(1);
  }

  @Test
  void anAddedAdministratorSignsInChangesItsPasswordAndIsRemoved() {
    signIn(TestAdministrator.NAME, TestAdministrator.password());
    open("administrators");
    visible(By.id("new-admin-name")).sendKeys("alice");
    browser.driver.findElement(By.id("new-admin-password")).sendKeys("too short");
    browser.driver.findElement(By.id("add-admin-submit")).click();
    assertThat(
            browser
                .driver
                .findElement(By.id("new-admin-password"))
                .getAttribute("validationMessage"))
        .as("the browser says what is wrong before anything is sent")
        .isNotEmpty();
    Http.Reply tooShort = api.put("administrators/alice", "{\"password\":\"too short\"}");
    assertThat(tooShort.status()).isEqualTo(400);
    assertThat(tooShort.object().getString("detail")).contains("at least 12 characters");
    browser.driver.findElement(By.id("new-admin-password")).clear();
    browser.driver.findElement(By.id("new-admin-password")).sendKeys("alice first password");
    browser.driver.findElement(By.id("add-admin-submit")).click();
    visible(By.cssSelector("#administrator-table tr[data-admin='alice']"));
    browser.screenshot("14-administrators");

    browser.driver.findElement(By.id("sign-out")).click();
    signIn("alice", "alice first password");
    open("administrators");
    visible(By.id("own-current-password")).sendKeys("not my password");
    browser.driver.findElement(By.id("own-new-password")).sendKeys("alice second password");
    browser.driver.findElement(By.id("own-password-submit")).click();
    awaitText(By.id("problem"), "current one");
    browser.driver.findElement(By.id("own-current-password")).sendKeys("alice first password");
    browser.driver.findElement(By.id("own-new-password")).sendKeys("alice second password");
    browser.driver.findElement(By.id("own-password-submit")).click();
    awaitText(By.id("administrator-status"), "Your password is changed.");
    assertThat(signInStatus("alice", "alice first password")).isEqualTo(401);
    assertThat(signInStatus("alice", "alice second password")).isEqualTo(200);

    browser.driver.findElement(By.id("sign-out")).click();
    signIn(TestAdministrator.NAME, TestAdministrator.password());
    open("administrators");
    visible(By.cssSelector("#administrator-table tr[data-admin='alice'] button")).click();
    browser.driver.switchTo().alert().accept();
    awaitText(By.id("administrator-status"), "alice is no longer an administrator");
    assertThat(signInStatus("alice", "alice second password")).isEqualTo(401);
  }

  private static int signInStatus(String name, String password) {
    return Http.anonymous(api.base())
        .post(
            "session",
            Json.createObjectBuilder().add("name", name).add("password", password).build())
        .status();
  }
}
