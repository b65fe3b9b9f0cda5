package org.peerbook.it.swarm;

import jakarta.json.JsonObject;
import java.net.URI;
import org.peerbook.it.Http;

/** One agent of a swarm, driven through its own lookup API like any agent. */
public record SwarmAgent(String nodeId, int lookupPort) {

  public Http lookups() {
    return new Http(URI.create("http://127.0.0.1:" + lookupPort + "/"));
  }

  public JsonObject status() {
    return lookups().get("lookup/status").object();
  }
}
