package org.peerbook.limits.boundary;

import jakarta.json.JsonObject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.peerbook.Problems;

/**
 * One request body arriving through the container's non-blocking input: its bytes are taken as they
 * come, on whichever thread the container calls back, and when the last one is in, the request is
 * dispatched again, with the body, to what serves it. It ends exactly once: read whole, too large
 * (413), too slow (408, the async context's timeout), or the client gone.
 *
 * <p>The dispatch must not start while the request's first thread is still in the container's
 * hands: Payara's dispatch marks the request as no longer asynchronous at once, and a first thread
 * that sees that on its way out finishes the response and recycles the request under the dispatch
 * (seen: held heartbeats answered 500, "this.request is null", and agents that had to register
 * again). The container reads no more of a connection while a thread serves its request, so the
 * body's last bytes come on another thread, after the first one left; the bytes that came with the
 * request's head were taken before ({@link #readWhatCame}). Should the container still say, on that
 * first thread, that the body is all in, the request is refused with 503, to be sent again.
 *
 * <p>Payara may still lose a dispatch that races the first thread's way out (the dispatch's handler
 * is set after the exit looked for one): the request then waits for ever (seen under a write storm
 * on 2 cores). So the body travels as an {@link ArrivedBody} that either the dispatch or the body's
 * deadline takes, never both: a deadline that takes it answers 503, to be sent again, and says so
 * in the log.
 *
 * <p>The deadline is timed here, not by the async context's timeout: Payara keeps that timeout on
 * the request after the dispatch (the resource's own asynchronous serving cannot lift it), so a
 * request served for longer than the body's deadline (a heartbeat held until the head moves, a grid
 * write waiting on a stalled member) was answered with the container's HTML 500 when it ran out.
 */
final class BodyArrival implements ReadListener, AsyncListener {
  private static final Logger LOG = Logger.getLogger(BodyArrival.class.getName());

  private final AsyncContext async;

  /** Taken at the start: the async context no longer gives them once dispatched. */
  private final HttpServletRequest request;

  private final HttpServletResponse response;
  private final ServletInputStream in;
  private final long maxBytes;
  private final long timeoutMillis;
  private final ScheduledExecutorService scheduler;
  private final Runnable release;
  private final ByteArrayOutputStream body;
  private final byte[] buffer = new byte[8192];
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Thread listening;

  /** The body read whole and dispatched with the request; {@code null} until then. */
  private volatile ArrivedBody arrived;

  /**
   * @param came the body's bytes read already
   * @param scheduler runs the body's deadline
   */
  BodyArrival(
      AsyncContext async,
      ByteArrayOutputStream came,
      long maxBytes,
      long timeoutMillis,
      ScheduledExecutorService scheduler,
      Runnable release)
      throws IOException {
    this.async = async;
    this.request = (HttpServletRequest) async.getRequest();
    this.response = (HttpServletResponse) async.getResponse();
    this.in = request.getInputStream();
    this.body = came;
    this.maxBytes = maxBytes;
    this.timeoutMillis = timeoutMillis;
    this.scheduler = scheduler;
    this.release = release;
  }

  /**
   * The bytes of a body that are in already, read without waiting; more than {@code maxBytes} only
   * if the body is larger.
   */
  static ByteArrayOutputStream readWhatCame(ServletInputStream in, long maxBytes)
      throws IOException {
    var came = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int available;
    while (came.size() <= maxBytes && (available = in.available()) > 0) {
      int n = in.read(buffer, 0, Math.min(available, buffer.length));
      if (n < 0) {
        break;
      }
      came.write(buffer, 0, n);
    }
    return came;
  }

  /** Takes the rest of the body as it comes, on the container's threads, until its deadline. */
  void listen() {
    scheduler.schedule(this::deadline, timeoutMillis, TimeUnit.MILLISECONDS);
    listening = Thread.currentThread();
    try {
      in.setReadListener(this);
    } finally {
      listening = null;
    }
  }

  @Override
  public void onDataAvailable() throws IOException {
    while (!ended.get() && in.isReady()) {
      int n = in.read(buffer);
      if (n < 0) {
        return;
      }
      if (body.size() + n > maxBytes) {
        refuse(413, CappedBody.tooLargeDetail(maxBytes));
        return;
      }
      body.write(buffer, 0, n);
    }
  }

  @Override
  public void onAllDataRead() throws IOException {
    if (Thread.currentThread() == listening) {
      LOG.warning("a request body was all in only once its reading went asynchronous: refused");
      refuse(503, "the request body could not be taken; send the request again");
      return;
    }
    if (end()) {
      arrived = new ArrivedBody(body.toByteArray());
      request.setAttribute(BodyReadAhead.BODY, arrived);
      // the connection is not used again: after a body read this way, the body of the next request
      // on it was seen lost (its reader waited 30 s, then failed: 400 for a good request)
      response.setHeader("Connection", "close");
      async.dispatch();
    }
  }

  @Override
  public void onError(Throwable failure) {
    if (end()) {
      // the client went away mid-body: nobody is left to answer, and nothing was read
      LOG.log(Level.FINE, "a request body stopped arriving", failure);
      async.complete();
    }
  }

  @Override
  public void onTimeout(AsyncEvent event) throws IOException {
    // the async context has no timeout of its own (BodyReadAhead): should a container set one
    onDeadline();
  }

  private void deadline() {
    try {
      onDeadline();
    } catch (IOException | RuntimeException e) {
      // the client is gone, or the container ended the exchange: nobody is left to answer
      LOG.log(Level.FINE, "answering at a body's deadline", e);
    }
  }

  /**
   * The body not in whole: 408. Dispatched, but the dispatch never took the body: it was lost, 503.
   * Taken: the request is being served, nothing to do.
   */
  private void onDeadline() throws IOException {
    ArrivedBody dispatched = arrived;
    if (dispatched != null) {
      if (dispatched.take() != null) {
        lostDispatch();
      }
      return;
    }
    refuse(
        408,
        "the request body did not arrive within "
            + timeoutMillis
            + " ms ("
            + body.size()
            + " bytes came)");
  }

  /** The body came whole and was dispatched, but the dispatch never started: it is not served. */
  private void lostDispatch() throws IOException {
    LOG.warning(
        () ->
            "the container lost the dispatch of "
                + request.getMethod()
                + " "
                + request.getRequestURI()
                + " after its body came: not served, answered 503 to be sent again");
    try {
      answer(503, "the request could not be served; send it again");
      response.flushBuffer();
    } finally {
      try {
        async.complete();
      } catch (IllegalStateException dispatchedAlready) {
        // the answer is out whole (its length said): the container ends the exchange itself
        LOG.log(Level.FINE, "completing after a lost dispatch", dispatchedAlready);
      }
    }
  }

  @Override
  public void onError(AsyncEvent event) {
    onError(event.getThrowable());
  }

  @Override
  public void onComplete(AsyncEvent event) {
    end();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // the request is served now: what it starts asynchronously is not this body's business
  }

  private void refuse(int status, String detail) throws IOException {
    if (end()) {
      try {
        answer(status, detail);
      } finally {
        async.complete();
      }
    }
  }

  /** Refuses the request with problem details; a 503 says when to send it again. */
  private void answer(int status, String detail) throws IOException {
    if (status == 503) {
      response.setHeader("Retry-After", "1");
    }
    refuse(response, status, detail, request);
  }

  /**
   * Answers a request whose body is not read with problem details, and asks to close its
   * connection.
   */
  static void refuse(
      HttpServletResponse response, int status, String detail, HttpServletRequest request)
      throws IOException {
    response.setHeader("Connection", "close");
    write(response, status, Problems.body(status, detail, request.getRequestURI()));
  }

  static void write(HttpServletResponse response, int status, JsonObject problem)
      throws IOException {
    response.setStatus(status);
    response.setContentType(Problems.PROBLEM_JSON.toString());
    byte[] bytes = problem.toString().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private boolean end() {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    release.run();
    return true;
  }
}
