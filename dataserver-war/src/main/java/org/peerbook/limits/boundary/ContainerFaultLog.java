package org.peerbook.limits.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.function.LongSupplier;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps a container fault any client can provoke out of the log. Grizzly in Payara 6.2025.10 throws
 * {@code ArrayIndexOutOfBoundsException} while normalising some paths that end in a dot segment
 * ({@code POST /api/contacts/.}), before any filter of ours runs, and the container logs each with
 * a 30-line stack trace ({@code AS-WEB-CORE-00037}): a client without credentials could fill the
 * disk at the rate it sends requests, which no rate limit of ours sees. Those records are counted
 * instead and said in one line, at most once a minute; every other record of that logger passes.
 * The client still gets the container's empty answer (often 200): nothing is read or written.
 */
@ApplicationScoped
public class ContainerFaultLog {
  static final String CONTAINER_LOGGER = "jakarta.enterprise.web.core";
  private static final String FAILING_CLASS =
      "org.glassfish.grizzly.http.util.HttpRequestURIDecoder";
  private static final Logger LOG = Logger.getLogger(ContainerFaultLog.class.getName());

  private final Logger container = Logger.getLogger(CONTAINER_LOGGER);
  private final OncePerMinute lines;
  private Filter previous;
  private Filter installed;

  /** For the container. */
  public ContainerFaultLog() {
    this(System::nanoTime);
  }

  ContainerFaultLog(LongSupplier nanoTime) {
    this.lines = new OncePerMinute(nanoTime);
  }

  void startUp(@Observes @Initialized(ApplicationScoped.class) Object started) {
    install();
  }

  synchronized void install() {
    Filter before = container.getFilter();
    previous = before;
    installed =
        record -> !isDotSegmentFault(record) && (before == null || before.isLoggable(record));
    container.setFilter(installed);
  }

  private boolean isDotSegmentFault(LogRecord record) {
    if (!(record.getThrown() instanceof ArrayIndexOutOfBoundsException fault)
        || fault.getStackTrace().length == 0
        || !fault.getStackTrace()[0].getClassName().equals(FAILING_CLASS)) {
      return false;
    }
    lines.warn(
        LOG,
        () ->
            "request(s) since the last such line whose path ends in a dot segment the container"
                + " could not read (Grizzly's "
                + FAILING_CLASS
                + " fails on them; they got an empty answer, nothing was read or written). Said"
                + " at most once a minute, without their stack traces");
    return true;
  }

  /** Puts the logger back as it was: the filter's class is this application's. */
  @PreDestroy
  synchronized void remove() {
    if (container.getFilter() == installed) {
      container.setFilter(previous);
    }
  }
}
