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
 */
final class BodyArrival implements ReadListener, AsyncListener {
  private static final Logger LOG = Logger.getLogger(BodyArrival.class.getName());

  private final AsyncContext async;
  private final ServletInputStream in;
  private final long maxBytes;
  private final long timeoutMillis;
  private final Runnable release;
  private final ByteArrayOutputStream body;
  private final byte[] buffer = new byte[8192];
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Thread listening;

  /**
   * @param came the body's bytes read already
   */
  BodyArrival(
      AsyncContext async,
      ByteArrayOutputStream came,
      long maxBytes,
      long timeoutMillis,
      Runnable release)
      throws IOException {
    this.async = async;
    this.in = async.getRequest().getInputStream();
    this.body = came;
    this.maxBytes = maxBytes;
    this.timeoutMillis = timeoutMillis;
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

  /** Takes the rest of the body as it comes, on the container's threads. */
  void listen() {
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
      async.getRequest().setAttribute(BodyReadAhead.BODY, body.toByteArray());
      // the connection is not used again: after a body read this way, the body of the next request
      // on it was seen lost (its reader waited 30 s, then failed: 400 for a good request)
      ((HttpServletResponse) async.getResponse()).setHeader("Connection", "close");
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
    refuse(
        408,
        "the request body did not arrive within "
            + timeoutMillis
            + " ms ("
            + body.size()
            + " bytes came)");
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
        if (status == 503) {
          ((HttpServletResponse) async.getResponse()).setHeader("Retry-After", "1");
        }
        refuse(
            (HttpServletResponse) async.getResponse(),
            status,
            detail,
            (HttpServletRequest) async.getRequest());
      } finally {
        async.complete();
      }
    }
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
