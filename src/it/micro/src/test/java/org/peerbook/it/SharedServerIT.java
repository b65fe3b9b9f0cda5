package org.peerbook.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A black-box test of the built WAR on the Payara Micro that such tests of the run share ({@link
 * SharedServer}), called over HTTP through {@link #api}.
 */
@ExtendWith(SharedServer.class)
abstract class SharedServerIT {
  Http api;
  Http root;

  @BeforeEach
  void connect() {
    api = SharedServer.api();
    root = SharedServer.root();
  }
}
