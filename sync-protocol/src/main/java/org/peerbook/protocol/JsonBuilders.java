package org.peerbook.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * JSON from one provider, looked up once. {@link jakarta.json.Json}'s static methods look the
 * provider up again on every call, which on Payara is a service-loader search through the
 * application's jars: a JFR profile of a cluster member under heartbeats showed half of each
 * heartbeat's CPU spent building its answer's three-field object that way. Use these (or {@link
 * #PROVIDER}) instead of {@code Json.create…}; {@code JsonBuildersTest} keeps the code to it.
 */
public final class JsonBuilders {
  /** The provider, thread-safe: the JSON-P specification's implementations share one. */
  public static final JsonProvider PROVIDER = JsonProvider.provider();

  private JsonBuilders() {}

  public static JsonObjectBuilder object() {
    return PROVIDER.createObjectBuilder();
  }

  /** A builder holding {@code members} to begin with. */
  public static JsonObjectBuilder object(JsonObject members) {
    return PROVIDER.createObjectBuilder(members);
  }

  public static JsonArrayBuilder array() {
    return PROVIDER.createArrayBuilder();
  }
}
