package org.peerbook.it;

import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** {@link AdminWriteProperties} on the embedded H2 default. */
class AdminWritesOnH2IT extends AdminWriteProperties {
  @BeforeContainer
  static void startServer() {
    start("H2");
  }

  @AfterContainer
  static void stopServer() {
    stop();
  }
}
