package org.peerbook;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses request bodies over the configured size with 413, whether they announce their length or
 * stream without one: nothing larger is ever buffered or parsed.
 */
@Provider
public class BodySizeLimit implements ContainerRequestFilter {
  @Inject
  @ConfigProperty(name = "peerbook.api.max-body-bytes", defaultValue = "1048576")
  long maxBodyBytes;

  @Inject
  @ConfigProperty(name = "peerbook.api.max-import-bytes", defaultValue = "67108864")
  long maxImportBytes;

  @Override
  public void filter(ContainerRequestContext request) {
    long limit =
        request.getUriInfo().getPath().endsWith("contacts/import") ? maxImportBytes : maxBodyBytes;
    if (request.getLength() > limit) {
      throw tooLarge(limit);
    }
    request.setEntityStream(new Bounded(request.getEntityStream(), limit));
  }

  private static WebApplicationException tooLarge(long limit) {
    return new WebApplicationException("the request body is larger than " + limit + " bytes", 413);
  }

  private static final class Bounded extends FilterInputStream {
    private final long limit;
    private long read;

    Bounded(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
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
  }
}
