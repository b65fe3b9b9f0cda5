package org.peerbook.agent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;

/**
 * The copy's one head row: the signed head, the state digest's lanes and the contact count, as the
 * change being made on {@code connection} sees them.
 */
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

  /** The copy's version; 0 for a copy that never synced. */
  static long version(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet rs = sql.executeQuery("SELECT version FROM head WHERE id = " + ID)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** The number of contacts, before the change's own. */
  static int contacts(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet rs = sql.executeQuery("SELECT contacts FROM head WHERE id = " + ID)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /** The state digest's lanes. */
  static StateDigest lanes(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet rs = sql.executeQuery("SELECT state_lanes FROM head WHERE id = " + ID)) {
      return rs.next() ? StateDigest.fromBase64(rs.getString(1)) : StateDigest.empty();
    }
  }
}
