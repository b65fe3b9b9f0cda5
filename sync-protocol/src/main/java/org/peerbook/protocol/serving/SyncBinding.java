package org.peerbook.protocol.serving;

import java.util.Locale;

/** The HTTP binding of the sync API (PROTOCOL.md section 11.2), for every source and requester. */
public final class SyncBinding {
  /** Where every source serves the sync API: the data server and every agent. */
  public static final String PATH = "/api/sync";

  public static final String JSON = "application/json";
  public static final String PROBLEM_JSON = "application/problem+json";

  /** The challenge of a 401: a node token is what is missing. */
  public static final String BEARER_CHALLENGE = "Bearer realm=\"peerbook\"";

  /** Answers shorter than this are sent as they are: gzip would cost more than it saves. */
  public static final int GZIP_FROM_BYTES = 1024;

  private SyncBinding() {}

  /**
   * Whether the requester takes gzip: a {@code gzip} coding (case-insensitive) is listed in {@code
   * Accept-Encoding} and none of its parameters is {@code q=0} ({@code q=0.0}, {@code q=0.00},
   * {@code q=0.000}).
   */
  public static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.split(",")) {
      String[] parts = coding.trim().split(";");
      if (parts[0].trim().toLowerCase(Locale.ROOT).equals("gzip")) {
        for (int i = 1; i < parts.length; i++) {
          if (parts[i].replace(" ", "").toLowerCase(Locale.ROOT).matches("q=0(\\.0{0,3})?")) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }
}
