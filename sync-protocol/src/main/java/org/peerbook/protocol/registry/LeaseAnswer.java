package org.peerbook.protocol.registry;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.StrictObject;

/**
 * A lease as granted (register) or renewed (heartbeat), with the node's tokens.
 *
 * @param headVersion the data server's head version
 * @param countedVersion the version the registry counts the node at (its proven claim)
 * @param revocations node → cut-off: refuse that node's tokens expiring at or before it
 * @param tokens the node's registry and peer tokens and the key that signs them
 * @param syncSpreadMillis over how many milliseconds at most the syncs a new head starts are to be
 *     spread (each node waits a random time up to this, or its own bound if that is shorter), so
 *     that the resource manager is not asked by every node at once; {@link #UNSAID} if the answer
 *     does not say
 */
public record LeaseAnswer(
    int leaseSeconds,
    long headVersion,
    long countedVersion,
    Map<String, Instant> revocations,
    IssuedTokens tokens,
    int syncSpreadMillis) {
  /** Far above the nodes a fleet evicts within one token lifetime; more is a hostile answer. */
  public static final int MAX_REVOCATIONS = 100_000;

  /** A minute: a longer spread would delay a change for longer than a heartbeat interval. */
  public static final int MAX_SYNC_SPREAD_MILLIS = 60_000;

  /** The answer says nothing of the spread: the node keeps its own bound. */
  public static final int UNSAID = -1;

  private static final Set<String> MEMBERS =
      Set.of(
          "accepted",
          "leaseSeconds",
          "headVersion",
          "countedVersion",
          "revocations",
          "token",
          "peerToken",
          "syncSpreadMillis");
  private static final Set<String> TOKEN_MEMBERS =
      Set.of("value", "expires", "key", "keyEndorsement");
  private static final Set<String> PEER_TOKEN_MEMBERS = Set.of("value", "expires");

  /**
   * The node's tokens as one lease issues them.
   *
   * @param registryToken for the resource manager only
   * @param peerToken for the sync sources the node reads from
   * @param expires when both expire
   * @param tokenKey the token key (public key text)
   * @param tokenKeyEndorsement the book key's signature of the token key
   */
  public record IssuedTokens(
      String registryToken,
      String peerToken,
      Instant expires,
      String tokenKey,
      String tokenKeyEndorsement) {}

  public LeaseAnswer {
    revocations = Map.copyOf(revocations);
    if (syncSpreadMillis < UNSAID || syncSpreadMillis > MAX_SYNC_SPREAD_MILLIS) {
      throw new IllegalArgumentException("a sync spread of " + syncSpreadMillis + " ms");
    }
  }

  /** An answer that says nothing of the sync spread. */
  public LeaseAnswer(
      int leaseSeconds,
      long headVersion,
      long countedVersion,
      Map<String, Instant> revocations,
      IssuedTokens tokens) {
    this(leaseSeconds, headVersion, countedVersion, revocations, tokens, UNSAID);
  }

  /**
   * @param registration the answer to a registration: it says {@code "accepted": true}
   */
  public JsonObject toJson(boolean registration) {
    JsonObjectBuilder revoked = JsonBuilders.object();
    revocations.forEach((nodeId, cutoff) -> revoked.add(nodeId, cutoff.toString()));
    JsonObjectBuilder json = JsonBuilders.object();
    if (registration) {
      json.add("accepted", true);
    }
    json.add("leaseSeconds", leaseSeconds)
        .add("headVersion", headVersion)
        .add("countedVersion", countedVersion)
        .add("revocations", revoked)
        .add(
            "token",
            JsonBuilders.object()
                .add("value", tokens.registryToken())
                .add("expires", tokens.expires().toString())
                .add("key", tokens.tokenKey())
                .add("keyEndorsement", tokens.tokenKeyEndorsement()))
        .add(
            "peerToken",
            JsonBuilders.object()
                .add("value", tokens.peerToken())
                .add("expires", tokens.expires().toString()));
    if (syncSpreadMillis != UNSAID) {
      json.add("syncSpreadMillis", syncSpreadMillis);
    }
    return json.build();
  }

  /**
   * @throws MalformedMessageException naming the member that breaks the rules
   */
  public static LeaseAnswer read(JsonValue value) {
    StrictObject json = StrictObject.of(value, "", MEMBERS);
    StrictObject token = StrictObject.of(json.value("token"), "token", TOKEN_MEMBERS);
    StrictObject peerToken =
        StrictObject.of(json.value("peerToken"), "peerToken", PEER_TOKEN_MEMBERS);
    return new LeaseAnswer(
        (int) json.requiredLong("leaseSeconds", 1, Integer.MAX_VALUE),
        json.requiredLong("headVersion", 0, Long.MAX_VALUE),
        json.optionalLong("countedVersion", 0, Long.MAX_VALUE, 0),
        revocations(json),
        new IssuedTokens(
            token.requiredText("value", 1024),
            peerToken.requiredText("value", 1024),
            time(token, "expires"),
            token.requiredText("key", 1024),
            token.requiredText("keyEndorsement", 1024)),
        (int) json.optionalLong("syncSpreadMillis", 0, MAX_SYNC_SPREAD_MILLIS, UNSAID));
  }

  private static Map<String, Instant> revocations(StrictObject json) {
    JsonObject members = json.objectValue("revocations");
    if (members.size() > MAX_REVOCATIONS) {
      throw new MalformedMessageException("revocations", "more than " + MAX_REVOCATIONS + " nodes");
    }
    Map<String, Instant> revocations = new LinkedHashMap<>();
    members.forEach(
        (nodeId, cutoff) ->
            revocations.put(
                nodeId,
                time(StrictObject.text(cutoff, "revocations." + nodeId, 64), "revocations")));
    return revocations;
  }

  private static Instant time(StrictObject json, String name) {
    return time(json.requiredText(name, 64), json.path(name));
  }

  /** A time as section 8.1 writes it (ISO 8601 in UTC, e.g. {@code 2026-12-01T10:00:00Z}). */
  static Instant time(String text, String path) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new MalformedMessageException(path, "not a time: " + text);
    }
  }
}
