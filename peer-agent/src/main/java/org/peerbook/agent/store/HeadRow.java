package org.peerbook.agent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;

/** The copy's one head row: the signed head, the state digest's lanes and the contact count. */
final class HeadRow {
  static final int ID = 1;

  private HeadRow() {}

  static void write(Connection connection, SignedHead head, StateDigest state, int contacts)
      throws SQLException {
    try (PreparedStatement sql =
        connection.prepareStatement(
            "MERGE INTO head (id, version, hash, state_digest, signature, state_lanes, contacts)"
                + " KEY (id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      sql.setInt(1, ID);
      sql.setLong(2, head.version());
      sql.setString(3, head.hash());
      sql.setString(4, head.stateDigest());
      sql.setString(5, head.signature());
      sql.setString(6, state.toBase64());
      sql.setInt(7, contacts);
      sql.executeUpdate();
    }
  }
}
