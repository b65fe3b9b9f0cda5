package org.peerbook.it;

import jakarta.json.Json;

/** Registration bodies as a node sends them, with the enrollment secret the tests configure. */
public final class Registrations {
  /** Matches {@code PEERBOOK_REGISTRY_ENROLLMENT_SECRET} in the failsafe configuration. */
  public static final String SECRET = "it-enrollment-secret";

  private Registrations() {}

  public static String registration(String nodeId, String ip, long version) {
    return registration(nodeId, ip, version, SECRET);
  }

  /**
   * @param credential {@code null} to leave it out
   */
  public static String registration(String nodeId, String ip, long version, String credential) {
    var json =
        Json.createObjectBuilder()
            .add("nodeId", nodeId)
            .add("syncAddress", "http://" + ip + ":7000/api/sync")
            .add("networkAddress", ip)
            .add("version", version);
    if (credential != null) {
      json.add("credential", credential);
    }
    return json.build().toString();
  }
}
