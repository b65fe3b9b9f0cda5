package org.peerbook.limits.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The container's logger, as Payara logs a fault in Grizzly's path decoding. */
class ContainerFaultLogTest {
  private final Logger container = Logger.getLogger(ContainerFaultLog.CONTAINER_LOGGER);
  private final Logger ours = Logger.getLogger(ContainerFaultLog.class.getName());
  private final List<LogRecord> containerSaid = new ArrayList<>();
  private final List<LogRecord> weSaid = new ArrayList<>();
  private final AtomicLong nanos = new AtomicLong();
  private final ContainerFaultLog faults = new ContainerFaultLog(nanos::get);
  private final Handler containerHandler = collecting(containerSaid);
  private final Handler ourHandler = collecting(weSaid);

  private static Handler collecting(List<LogRecord> into) {
    return new Handler() {
      @Override
      public void publish(LogRecord record) {
        into.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  @BeforeEach
  void listen() {
    container.addHandler(containerHandler);
    ours.addHandler(ourHandler);
    faults.install();
  }

  @AfterEach
  void stop() {
    faults.remove();
    container.removeHandler(containerHandler);
    ours.removeHandler(ourHandler);
  }

  private static ArrayIndexOutOfBoundsException thrownIn(String className) {
    var fault = new ArrayIndexOutOfBoundsException("Index 15 out of bounds for length 15");
    fault.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(className, "normalizeBytes", "HttpRequestURIDecoder.java", 499)
        });
    return fault;
  }

  private void containerLogs(Throwable thrown) {
    container.log(Level.SEVERE, "AS-WEB-CORE-00037", thrown);
  }

  @Test
  void aFloodOfDotSegmentFaultsIsSaidInOneLineAMinute() {
    for (int i = 0; i < 1000; i++) {
      containerLogs(thrownIn("org.glassfish.grizzly.http.util.HttpRequestURIDecoder"));
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
    }

    assertThat(containerSaid).as("no stack trace").isEmpty();
    assertThat(weSaid).hasSize(2);
    assertThat(weSaid.get(0).getMessage()).startsWith("1 request(s)");
    assertThat(weSaid.get(1).getMessage()).startsWith("600 request(s)");
  }

  @Test
  void everyOtherFaultOfTheContainerIsLoggedAsBefore() {
    containerLogs(thrownIn("org.apache.catalina.connector.CoyoteAdapter"));
    containerLogs(new IllegalStateException("something else"));
    container.severe("no exception at all");

    assertThat(containerSaid).hasSize(3);
    assertThat(weSaid).isEmpty();
  }

  @Test
  void removingPutsBackWhatWasThere() {
    faults.remove();

    containerLogs(thrownIn("org.glassfish.grizzly.http.util.HttpRequestURIDecoder"));

    assertThat(containerSaid).hasSize(1);
    assertThat(container.getFilter()).isNull();
  }
}
