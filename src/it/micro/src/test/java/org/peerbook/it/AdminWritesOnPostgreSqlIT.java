package org.peerbook.it;

import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** {@link AdminWriteProperties} on PostgreSQL, in a database of its own. */
class AdminWritesOnPostgreSqlIT extends AdminWriteProperties {
  @BeforeContainer
  static void startServer() {
    start("PostgreSQL");
  }

  @AfterContainer
  static void stopServer() {
    stop();
  }
}
