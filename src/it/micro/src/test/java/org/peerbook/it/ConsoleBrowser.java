package org.peerbook.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: the browser the tests use is
 * the one installed on the machine (README, {@code .ci/run}), never one Selenium downloads.
 * Screenshots go to {@code target/console-screenshots/} for reviewers.
 */
public final class ConsoleBrowser implements AutoCloseable {
  static final Path CHROMIUM =
      Path.of(System.getProperty("peerbook.it.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("peerbook.it.chromedriver", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  public final ChromeDriver driver;

  public ConsoleBrowser() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException(
          "the console's browser tests need Chromium and its driver: apt-get install chromium"
              + " chromium-driver (looked for "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + ")");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--lang=en-US",
        "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  public WebDriverWait waiting(Duration atMost) {
    return new WebDriverWait(driver, atMost);
  }

  public void windowWidth(int width) {
    driver.manage().window().setSize(new Dimension(width, 900));
  }

  /** Saves what the browser shows now as {@code target/console-screenshots/<name>.png}. */
  public void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
