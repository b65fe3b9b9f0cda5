package org.peerbook.agent.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.peerbook.agent.sync.SyncBudget;

/**
 * A response body read as a stream that gives up at the sync's deadline, however the bytes come: a
 * per-read timeout restarts with every byte, so a source that trickles one byte a second would hold
 * the receiver for ever. Every wait here is bounded by the time left of the whole sync, and the
 * bytes are charged to its budget as they are read. One buffer list is requested at a time, so a
 * fast sender cannot fill memory either. Closing it before the end aborts the exchange.
 */
final class BoundedResponseBody implements HttpResponse.BodySubscriber<InputStream> {
  private static final Object END = new Object();

  private final SyncBudget budget;
  private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
  private final Stream stream = new Stream();
  private volatile Flow.Subscription subscription;

  BoundedResponseBody(SyncBudget budget) {
    this.budget = budget;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    arrived.add(buffers);
  }

  @Override
  public void onError(Throwable failure) {
    arrived.add(failure);
  }

  @Override
  public void onComplete() {
    arrived.add(END);
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return CompletableFuture.completedFuture(stream);
  }

  private final class Stream extends InputStream {
    private Iterator<ByteBuffer> buffers = Collections.emptyIterator();
    private ByteBuffer current;
    private boolean ended;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (current == null || !current.hasRemaining()) {
        if (buffers.hasNext()) {
          current = buffers.next();
        } else if (ended || !nextBuffers()) {
          return -1;
        }
      }
      int n = Math.min(length, current.remaining());
      current.get(into, offset, n);
      return n;
    }

    /**
     * Waits for the next buffers within the budget; false at the end of the body. A wait the budget
     * cuts short is asked about again: the budget throws once the source is out of time or rate.
     */
    @SuppressWarnings("unchecked")
    private boolean nextBuffers() throws IOException {
      Object next = null;
      try {
        while (next == null) {
          long started = System.nanoTime();
          // every wait counts against the deadline, however often a byte comes
          next = arrived.poll(budget.nextWait().toNanos(), TimeUnit.NANOSECONDS);
          budget.chargeWait(System.nanoTime() - started);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new InterruptedIOException("interrupted while reading the answer");
      } catch (RuntimeException e) {
        cancel();
        throw e;
      }
      if (next == END) {
        ended = true;
        return false;
      }
      if (next instanceof HttpTimeoutException) {
        throw budget.timedOut();
      }
      if (next instanceof IOException failure) {
        throw failure;
      }
      if (next instanceof Throwable failure) {
        throw new IOException(failure.getMessage(), failure);
      }
      List<ByteBuffer> list = (List<ByteBuffer>) next;
      long bytes = 0;
      for (ByteBuffer buffer : list) {
        bytes += buffer.remaining();
      }
      try {
        budget.chargeReceived(bytes);
      } catch (RuntimeException e) {
        cancel();
        throw e;
      }
      buffers = list.iterator();
      subscription.request(1);
      return true;
    }

    @Override
    public void close() {
      if (!ended) {
        ended = true;
        cancel();
      }
    }
  }

  private void cancel() {
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
  }
}
