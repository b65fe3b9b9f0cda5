package org.peerbook.it.benchmark;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A kept-alive connection for each thread that asks for one, all closed together. */
final class ConnectionPerThread implements AutoCloseable {
  private final List<KeptAliveConnection> opened = new CopyOnWriteArrayList<>();
  private final ThreadLocal<KeptAliveConnection> mine;

  ConnectionPerThread(URI api, String authorization) {
    mine =
        ThreadLocal.withInitial(
            () -> {
              KeptAliveConnection connection = new KeptAliveConnection(api, authorization);
              opened.add(connection);
              return connection;
            });
  }

  /** This thread's connection. */
  KeptAliveConnection get() {
    return mine.get();
  }

  @Override
  public void close() throws IOException {
    for (KeptAliveConnection connection : opened) {
      connection.close();
    }
  }
}
