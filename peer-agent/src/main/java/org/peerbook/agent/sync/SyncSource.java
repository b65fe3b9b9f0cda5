package org.peerbook.agent.sync;

import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;

/** A node that answers sync requests: the data server or a peer. */
public interface SyncSource {
  SyncAnswer ask(SyncRequest request);

  /** How to name it in logs and reports. */
  String describe();
}
