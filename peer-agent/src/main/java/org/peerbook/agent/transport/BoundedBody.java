package org.peerbook.agent.transport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body without holding a thread while it arrives, up to a size and a deadline: a
 * peer that trickles its body costs a connection, never a worker or a serving slot.
 */
final class BoundedBody {
  /** The body is larger than the listener takes: 413. */
  static final class TooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLargeException(int maxBytes) {
      super("the request body is larger than " + maxBytes + " bytes");
    }
  }

  private final Request request;
  private final int maxBytes;
  private final ByteArrayOutputStream body;
  private final CompletableFuture<byte[]> done = new CompletableFuture<>();

  private BoundedBody(Request request, int maxBytes) {
    this.request = request;
    this.maxBytes = maxBytes;
    long declared = request.getLength();
    this.body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
  }

  /**
   * The whole body, or a failure: {@link TooLargeException} beyond {@code maxBytes}, a {@link
   * java.util.concurrent.TimeoutException} when it is not all there {@code withinNanos} from now,
   * or what the connection failed with. Completes on whichever thread saw it happen: continue on an
   * executor.
   */
  static CompletableFuture<byte[]> read(Request request, int maxBytes, long withinNanos) {
    if (request.getLength() > maxBytes) {
      return CompletableFuture.failedFuture(new TooLargeException(maxBytes));
    }
    BoundedBody reader = new BoundedBody(request, maxBytes);
    reader.readAvailable();
    return reader.done.orTimeout(Math.max(0, withinNanos), TimeUnit.NANOSECONDS);
  }

  private void readAvailable() {
    while (!done.isDone()) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this::readAvailable);
        return;
      }
      try {
        if (Content.Chunk.isFailure(chunk)) {
          done.completeExceptionally(chunk.getFailure());
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        if (body.size() + bytes.remaining() > maxBytes) {
          done.completeExceptionally(new TooLargeException(maxBytes));
          return;
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        body.writeBytes(copy);
        if (chunk.isLast()) {
          done.complete(body.toByteArray());
          return;
        }
      } finally {
        chunk.release();
      }
    }
  }
}
