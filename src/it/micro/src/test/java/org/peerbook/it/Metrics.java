package org.peerbook.it;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PeerBook's figures as {@code GET /metrics?scope=application} answers them (Prometheus' text
 * format), by name and labels with the scope label left out, e.g. {@code
 * peerbook_sync_received_bytes{source="peer"}}.
 */
public final class Metrics {
  private static final Pattern SAMPLE =
      Pattern.compile("^(\\w+)(?:\\{([^}]*)\\})?\\s+(\\S+)$", Pattern.MULTILINE);

  private final Map<String, Double> samples;

  private Metrics(Map<String, Double> samples) {
    this.samples = samples;
  }

  /** Reads the server's figures now; {@code root} is the server's root, not its API's. */
  public static Metrics read(Http root) {
    Http.Reply reply = root.get("metrics?scope=application", "Accept", "text/plain");
    if (reply.status() != 200) {
      throw new IllegalStateException(
          "GET /metrics answered " + reply.status() + ": " + reply.body());
    }
    Map<String, Double> samples = new HashMap<>();
    Matcher sample = SAMPLE.matcher(reply.body());
    while (sample.find()) {
      String labels =
          sample.group(2) == null
              ? ""
              : String.join(
                  ",",
                  java.util.Arrays.stream(sample.group(2).split(","))
                      .filter(label -> !label.startsWith("mp_scope="))
                      .sorted()
                      .toList());
      String key = labels.isEmpty() ? sample.group(1) : sample.group(1) + "{" + labels + "}";
      samples.put(key, Double.parseDouble(sample.group(3)));
    }
    return new Metrics(samples);
  }

  /**
   * @param key a name, with its labels (but the scope) sorted as in {@code name{a="1",b="2"}}
   * @throws IllegalArgumentException if the server has no such figure
   */
  public double get(String key) {
    Double value = samples.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no figure " + key + " among " + samples.keySet());
    }
    return value;
  }
}
