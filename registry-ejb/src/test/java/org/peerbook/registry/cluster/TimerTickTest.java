package org.peerbook.registry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimerTickTest {
  private final Logger log = Logger.getLogger(TimerTickTest.class.getName());
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord logRecord) {
          records.add(logRecord);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    log.setLevel(Level.ALL);
    log.addHandler(handler);
  }

  @AfterEach
  void stopListening() {
    log.removeHandler(handler);
  }

  @Test
  void aFailingTickNeverThrowsAndIsAWarningOnlyTheFirstTimeInARow() {
    var tick = new TimerTick("lease sweep", log);
    List<String> ran = new ArrayList<>();

    for (int i = 0; i < 3; i++) {
      tick.run(
          () -> {
            ran.add("failing");
            throw new IllegalStateException("the grid lost a member");
          });
    }
    tick.run(() -> ran.add("working"));
    tick.run(() -> ran.add("working"));

    assertThat(ran).containsExactly("failing", "failing", "failing", "working", "working");
    assertThat(records)
        .extracting(LogRecord::getLevel)
        .containsExactly(Level.WARNING, Level.FINE, Level.FINE, Level.INFO);
    assertThat(records.get(0).getThrown()).hasMessage("the grid lost a member");
    assertThat(records.get(0).getMessage()).contains("lease sweep failed (1 in a row)");
    assertThat(records.get(3).getMessage()).contains("lease sweep works again after 3 failed");
  }

  @Test
  void aFailureAfterARecoveryIsAWarningAgain() {
    var tick = new TimerTick("head catch-up", log);
    Runnable failing =
        () -> {
          throw new IllegalStateException("database away");
        };

    tick.run(failing);
    tick.run(() -> {});
    tick.run(failing);

    assertThat(records)
        .extracting(LogRecord::getLevel)
        .containsExactly(Level.WARNING, Level.INFO, Level.WARNING);
  }
}
