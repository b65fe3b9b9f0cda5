package org.peerbook.agent.sync;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What one class logs while a test runs. */
final class LogRecords extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogRecords(Logger logger) {
    this.logger = logger;
  }

  static LogRecords of(Class<?> type) {
    LogRecords records = new LogRecords(Logger.getLogger(type.getName()));
    records.logger.addHandler(records);
    return records;
  }

  /** The warnings' messages, in order. */
  List<String> warnings() {
    return records.stream()
        .filter(record -> record.getLevel() == Level.WARNING)
        .map(LogRecord::getMessage)
        .toList();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
