package org.peerbook.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The admin console in a real browser (Debian's Chromium, headless) against the real server and a
 * real agent: sign in, watch the fleet's version lag move when a contact changes, find a node and
 * evict it, sign out. Each page is saved as a screenshot under {@code target/console-screenshots/}.
 */
class ConsoleBrowserIT extends SharedServerIT {
  private static final Duration PAGE = Duration.ofSeconds(20);
  private static final Duration FLEET = Duration.ofSeconds(60);

  private ConsoleBrowser browser;

  @BeforeEach
  void openBrowser() {
    browser = new ConsoleBrowser();
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  private WebElement visible(By element) {
    return browser.waiting(PAGE).until(ExpectedConditions.visibilityOfElementLocated(element));
  }

  private void awaitText(By element, String text, Duration atMost) {
    browser
        .waiting(atMost)
        .until(ExpectedConditions.textToBePresentInElementLocated(element, text));
  }

  private void signIn(String password) {
    visible(By.id("sign-in-name")).clear();
    browser.driver.findElement(By.id("sign-in-name")).sendKeys(TestAdministrator.NAME);
    browser.driver.findElement(By.id("sign-in-password")).sendKeys(password);
    browser.driver.findElement(By.id("sign-in-submit")).click();
  }

  @Test
  void anAdministratorWatchesTheFleetAndEvictsANode() throws Exception {
    var home = ServerProcess.workDirectory("console-browser");
    browser.driver.get(root.base().toString());
    signIn("not the password");
    awaitText(By.id("problem"), "wrong name or password", PAGE);
    browser.screenshot("01-sign-in-refused");

    browser.driver.findElement(By.id("sign-in-password")).clear();
    signIn(TestAdministrator.password());
    long head = BookChecks.head(api).version();
    awaitText(By.cssSelector("#head-version .value"), String.valueOf(head), PAGE);
    assertThat(browser.driver.manage().getCookieNamed("PEERBOOK_SESSION").isHttpOnly()).isTrue();
    assertThat(
            browser.driver.executeScript(
                "return document.cookie.includes('PEERBOOK_SESSION') || localStorage.length"))
        .as("the page can read neither the session nor a stored secret")
        .isEqualTo(0L);

    String bystander = "console-bystander";
    ScheduledExecutorService leaseKeeper = Executors.newSingleThreadScheduledExecutor();
    try (var agent = new AgentProcess(home.resolve("agent"))) {
      agent.start(api.base(), "127.0.33.1");
      AgentWalkThroughIT.awaitVersion(agent, head);
      // a node that stays where it registered (its heartbeats keep claiming that version): the
      // change below leaves it one version behind
      Registrations.registered(api, bystander, "127.0.33.2", head);
      String heartbeat = Registrations.heartbeat(api, head, 0);
      leaseKeeper.scheduleWithFixedDelay(
          () -> keepLease(bystander, heartbeat), 2, 2, TimeUnit.SECONDS);
      awaitLagRow(0, agent.nodeId());
      browser.screenshot("02-overview");

      assertThat(api.put("contacts/console-lag", "{\"displayName\":\"سارة المصري\"}").status())
          .isEqualTo(200);
      long changed = head + 1;
      awaitText(By.cssSelector("#head-version .value"), String.valueOf(changed), PAGE);
      AgentWalkThroughIT.awaitVersion(agent, changed);
      awaitLagRow(1, bystander);
      awaitLagRow(0, agent.nodeId());
      browser.screenshot("03-overview-after-a-change");

      browser.driver.findElement(By.cssSelector("nav a[data-view='nodes']")).click();
      visible(By.id("node-search")).sendKeys(bystander);
      awaitText(By.id("node-count"), "of 1", PAGE);
      WebElement row = visible(By.cssSelector("tr[data-node='" + bystander + "']"));
      assertThat(row.findElement(By.cssSelector("td[data-column='behind']")).getText())
          .isEqualTo("1");
      browser.screenshot("04-nodes");

      row.findElement(By.tagName("a")).click();
      awaitText(By.id("node-details"), "1 behind the head", PAGE);
      browser.screenshot("05-node");
      browser.driver.findElement(By.id("evict")).click();
      visible(By.id("evict-confirm"));
      browser.screenshot("06-evict-confirm");
      leaseKeeper.shutdownNow();
      browser.driver.findElement(By.id("evict-confirm")).click();

      browser.waiting(PAGE).until(ExpectedConditions.urlMatches("#nodes$"));
      visible(By.id("node-search")).sendKeys(bystander);
      awaitText(By.id("node-count"), "No node matches.", PAGE);
      assertThat(api.get("registry/admin/nodes/" + bystander).status()).isEqualTo(404);

      browser.windowWidth(420);
      browser.driver.findElement(By.id("node-search")).clear();
      browser.driver.findElement(By.id("node-search")).sendKeys(agent.nodeId());
      awaitText(By.id("node-count"), "of 1", PAGE);
      browser.screenshot("07-nodes-narrow-window");
      visible(By.cssSelector("tr[data-node='" + agent.nodeId() + "'] a")).click();
      awaitText(By.id("node-reports"), "No report counted against it", PAGE);
      assertThat(browser.driver.findElement(By.id("node-history")).getText())
          .contains("Sources handed to it lately");
    } finally {
      leaseKeeper.shutdownNow();
      api.delete("registry/admin/nodes/" + bystander);
      api.delete("contacts/console-lag");
    }

    browser.windowWidth(1280);
    browser.driver.findElement(By.id("sign-out")).click();
    visible(By.id("sign-in-name"));
    browser.driver.navigate().refresh();
    visible(By.id("sign-in-name"));
    assertThat(browser.driver.findElement(By.id("nav")).isDisplayed()).isFalse();
    browser.screenshot("08-signed-out");
  }

  @Test
  void twoTabsEditingOneContactGetAConflictAndABadFileChangesNothing() throws Exception {
    String id = "console-edit-" + System.nanoTime();
    assertThat(
            api.put("contacts/" + id, "{\"displayName\":\"أميرة حداد\",\"department\":\"Sales\"}")
                .status())
        .isEqualTo(200);
    try {
      browser.driver.get(root.base().toString());
      signIn(TestAdministrator.password());
      visible(By.id("head-version"));
      browser.driver.findElement(By.cssSelector("nav a[data-view='contacts']")).click();
      visible(By.id("contact-search")).sendKeys("أميرة");
      visible(By.cssSelector("tr[data-contact='" + id + "'] a")).click();
      awaitValue(By.id("contact-department"), "Sales");
      String first = browser.driver.getWindowHandle();

      browser.driver.switchTo().newWindow(WindowType.TAB);
      browser.driver.get(root.base() + "#contacts/" + id);
      awaitValue(By.id("contact-department"), "Sales");
      visible(By.id("contact-department")).clear();
      browser.driver.findElement(By.id("contact-department")).sendKeys("Finance");
      browser.driver.findElement(By.id("contact-save")).click();
      awaitText(By.id("contact-status"), "Saved.", PAGE);

      browser.driver.switchTo().window(first);
      browser.driver.findElement(By.id("contact-title")).sendKeys("Team lead");
      browser.driver.findElement(By.id("contact-save")).click();
      awaitText(By.id("contact-conflict"), "Conflict", PAGE);
      assertThat(browser.driver.findElement(By.id("contact-title")).getAttribute("value"))
          .as("the losing edit stays in the form")
          .isEqualTo("Team lead");
      browser.screenshot("09-contact-conflict");
      var saved = api.get("contacts/" + id).object();
      assertThat(saved.getString("department")).isEqualTo("Finance");
      assertThat(saved.containsKey("title")).as("the stale edit was not written").isFalse();
      browser.driver.findElement(By.id("contact-reload")).click();
      awaitValue(By.id("contact-department"), "Finance");

      long head = BookChecks.head(api).version();
      Path file = Files.createTempFile("console-import", ".csv");
      Files.writeString(
          file,
          "id,displayName,emails,department\n"
              + id
              + "-ok,Chen Jing,chen@example.com,Imports\n"
              + id
              + "-bad,Bad mail,not-a-mail,Imports\n");
      browser.driver.findElement(By.cssSelector("a[href='#contacts']")).click();
      visible(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
      browser.driver.findElement(By.id("import-submit")).click();
      awaitText(By.id("import-outcome"), "Nothing was imported", PAGE);
      WebElement refused = visible(By.cssSelector("#import-errors tbody tr"));
      assertThat(refused.findElements(By.tagName("td")).get(0).getText()).isEqualTo("3");
      assertThat(browser.driver.findElements(By.cssSelector("#import-errors tbody tr"))).hasSize(1);
      browser.screenshot("10-import-refused");
      assertThat(BookChecks.head(api).version()).as("nothing changed").isEqualTo(head);
      assertThat(api.get("contacts/" + id + "-ok").status()).isEqualTo(404);
    } finally {
      api.delete("contacts/" + id);
    }
  }

  @Test
  void allocationSettingsShowTheServersWordsForABadValue() {
    var before = api.get("registry/admin/allocation").object();
    try {
      browser.driver.get(root.base() + "#allocation");
      signIn(TestAdministrator.password());
      browser.driver.get(root.base() + "#allocation");
      WebElement k = visible(By.id("allocation-k"));
      k.clear();
      k.sendKeys("999");
      browser.driver.findElement(By.id("allocation-save")).click();
      awaitText(By.id("problem"), "Invalid setting: k: must be between 1 and", PAGE);
      browser.screenshot("11-allocation-refused");
      assertThat(api.get("registry/admin/allocation").object().getInt("k"))
          .isEqualTo(before.getInt("k"));

      k.clear();
      k.sendKeys("2");
      browser.driver.findElement(By.id("allocation-save")).click();
      awaitText(By.id("allocation-status"), "Saved", PAGE);
      assertThat(api.get("registry/admin/allocation").object().getInt("k")).isEqualTo(2);
    } finally {
      api.put("registry/admin/allocation", "{\"k\":" + before.getInt("k") + "}");
    }
  }

  @Test
  void theApiReferenceIsReadFromTheServersOpenApiDocument() {
    browser.driver.get(root.base() + "#reference");
    signIn(TestAdministrator.password());
    visible(By.id("reference-search")).sendKeys("heartbeat");
    WebElement operation =
        visible(By.cssSelector("#reference details[data-operation*='nodes/{id}/heartbeat']"));
    assertThat(operation.getText()).startsWith("PUT");
    operation.findElement(By.tagName("summary")).click();
    awaitText(By.cssSelector("#reference details[open]"), "wait", PAGE);
    assertThat(browser.driver.findElements(By.cssSelector("#reference details")))
        .as("the filter leaves the matching operations")
        .hasSizeBetween(1, 3);
    browser.screenshot("15-api-reference");
  }

  @Test
  void aKeyboardAloneSignsInAndMovesBetweenPages() {
    browser.driver.get(root.base().toString());
    visible(By.id("sign-in-name"));
    // the sign-in form takes the focus; Tab and Enter do the rest, no pointer
    active()
        .sendKeys(TestAdministrator.NAME + Keys.TAB + TestAdministrator.password() + Keys.ENTER);
    visible(By.id("head-version"));
    active().sendKeys(Keys.TAB); // the brand link
    active().sendKeys(Keys.TAB); // Overview
    active().sendKeys(Keys.TAB);
    assertThat(active().getText()).isEqualTo("Nodes");
    active().sendKeys(Keys.ENTER);
    visible(By.id("node-search"));
    assertThat(browser.driver.getCurrentUrl()).endsWith("#nodes");
  }

  private WebElement active() {
    return browser.driver.switchTo().activeElement();
  }

  private void awaitValue(By field, String value) {
    browser.waiting(PAGE).until(ExpectedConditions.attributeToBe(field, "value", value));
  }

  private void keepLease(String nodeId, String heartbeat) {
    try {
      api.put("registry/nodes/" + nodeId + "/heartbeat", heartbeat, Registrations.asNode(nodeId));
    } catch (RuntimeException e) {
      // the next beat tries again; a lapsed lease shows as a failed eviction in the test
    }
  }

  /**
   * Waits until the overview's lag chart counts a node {@code behind} versions behind, and the node
   * table agrees that {@code nodeId} is one of them.
   */
  private void awaitLagRow(int behind, String nodeId) {
    browser
        .waiting(FLEET)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#lag-table tr[data-behind='" + behind + "']")));
    var listed = api.get("registry/admin/nodes/" + nodeId).object();
    assertThat(listed.getJsonNumber("behind").longValue()).isEqualTo(behind);
  }
}
