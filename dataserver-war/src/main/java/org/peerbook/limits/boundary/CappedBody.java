package org.peerbook.limits.boundary;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;

/**
 * A request whose body streams to the resource that reads it, up to {@code limit} bytes: one byte
 * more and the read fails with 413, whether or not the body announced its length. For the bodies
 * {@link BodyReadAhead} does not read ahead (an administrator's, such as a 64 MiB import).
 */
final class CappedBody extends HttpServletRequestWrapper {
  private final long limit;
  private ServletInputStream capped;

  CappedBody(HttpServletRequest request, long limit) {
    super(request);
    this.limit = limit;
  }

  /** What a 413 says, whichever way the body was read. */
  static String tooLargeDetail(long limit) {
    return "the request body is larger than " + limit + " bytes";
  }

  private static WebApplicationException tooLarge(long limit) {
    return new WebApplicationException(tooLargeDetail(limit), 413);
  }

  @Override
  public synchronized ServletInputStream getInputStream() throws IOException {
    if (capped == null) {
      capped = new Capped(super.getInputStream(), limit);
    }
    return capped;
  }

  private static final class Capped extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long read;

    Capped(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > limit) {
        throw tooLarge(limit);
      }
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
