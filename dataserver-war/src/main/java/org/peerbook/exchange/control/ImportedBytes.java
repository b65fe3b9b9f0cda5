package org.peerbook.exchange.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/** An imported file's bytes, and which charset reads them, for the CSV and vCard readers. */
final class ImportedBytes {
  /** What Excel and Outlook write in Western locales when not told to write UTF-8. */
  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private ImportedBytes() {}

  /**
   * The whole file, without a UTF-8 byte order mark (Excel writes one). Read whole: the request
   * body is bounded by {@code peerbook.api.max-import-bytes}.
   */
  static byte[] read(InputStream in) {
    try {
      return withoutBom(in).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isUtf8(byte[] file) {
    return firstUnreadable(file, StandardCharsets.UTF_8) < 0;
  }

  /** The offset of the first byte {@code charset} cannot read; -1 if it reads them all. */
  static int firstUnreadable(byte[] file, Charset charset) {
    ByteBuffer in = ByteBuffer.wrap(file);
    CharBuffer out = CharBuffer.allocate(8192);
    CharsetDecoder decoder = charset.newDecoder();
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        return in.position();
      }
      if (result.isUnderflow()) {
        return -1;
      }
      out.clear();
    }
  }

  /** UTF-8 with or without a byte order mark (Excel writes one). */
  private static InputStream withoutBom(InputStream in) {
    PushbackInputStream pushback = new PushbackInputStream(in, 3);
    try {
      byte[] start = pushback.readNBytes(3);
      boolean bom =
          start.length == 3
              && (start[0] & 0xff) == 0xef
              && (start[1] & 0xff) == 0xbb
              && (start[2] & 0xff) == 0xbf;
      if (!bom) {
        pushback.unread(start);
      }
      return pushback;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
