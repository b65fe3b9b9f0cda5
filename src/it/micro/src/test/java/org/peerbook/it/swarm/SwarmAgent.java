package org.peerbook.it.swarm;

import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.peerbook.it.Http;

/**
 * One agent of a swarm, driven through its own lookup API like any agent.
 *
 * @param hostLog the log of the JVM it runs in, beside other agents
 */
public record SwarmAgent(String nodeId, int lookupPort, Path hostLog) {
  // one client per agent, so one pool of connections (see Http)
  private static final Map<Integer, Http> CLIENTS = new ConcurrentHashMap<>();

  public Http lookups() {
    return CLIENTS.computeIfAbsent(
        lookupPort, port -> new Http(URI.create("http://127.0.0.1:" + port + "/")));
  }

  public JsonObject status() {
    return lookups().get("lookup/status").object();
  }
}
