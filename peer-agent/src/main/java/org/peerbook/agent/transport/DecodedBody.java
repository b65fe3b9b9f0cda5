package org.peerbook.agent.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.peerbook.agent.sync.SourceFailedException;
import org.peerbook.agent.sync.SyncBudget;
import org.peerbook.protocol.SourceFault;

/**
 * An answer's JSON after gunzip, charged to the sync's budget byte by byte, so that a gzip bomb is
 * cut at the cap and not after it inflated. It also refuses a run of more than {@link
 * #MAX_STRING_BYTES} between two quotes: a JSON parser holds a whole string in memory, and no
 * string of the protocol comes near that (the longest, an attribute value, is 1,024 characters, 6
 * KB if every one is escaped).
 */
final class DecodedBody extends FilterInputStream {
  static final int MAX_STRING_BYTES = 64 << 10;

  private final SyncBudget budget;
  private int run;
  private boolean escaped;

  DecodedBody(InputStream decoded, SyncBudget budget) {
    super(decoded);
    this.budget = budget;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      budget.chargeDecoded(1);
      look((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    int n = super.read(into, offset, length);
    if (n > 0) {
      budget.chargeDecoded(n);
      for (int i = offset; i < offset + n; i++) {
        look(into[i]);
      }
    }
    return n;
  }

  private void look(byte b) {
    if (escaped) {
      escaped = false;
    } else if (b == '\\') {
      escaped = true;
    } else if (b == '"') {
      run = 0;
    }
    if (++run > MAX_STRING_BYTES) {
      throw new SourceFailedException(
          SourceFault.OVERSIZED, "sent more than " + MAX_STRING_BYTES + " bytes in one string");
    }
  }

  @Override
  public long skip(long n) throws IOException {
    // every byte must pass through read to be counted
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    int read = read(buffer, 0, buffer.length);
    return Math.max(read, 0);
  }
}
