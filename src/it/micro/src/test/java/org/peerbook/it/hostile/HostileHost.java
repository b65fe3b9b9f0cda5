package org.peerbook.it.hostile;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One JVM holding hostile nodes, as {@code SwarmHost} holds agents. Arguments: registry API, node
 * id prefix, first index, enrollment secret, then one {@link Hostility} name per node. Prints
 * {@code READY} once all are registered, then one line per thing a victim or the registry accepted
 * from them; closes them all when its standard input ends.
 */
public final class HostileHost {
  private HostileHost() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (IOException | RuntimeException e) {
      // the executors' threads would keep us alive, and the parent waiting for READY
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws IOException {
    URI api = URI.create(args[0]);
    String prefix = args[1];
    int first = Integer.parseInt(args[2]);
    String secret = args[3];
    List<HostileNode> nodes = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      int index = first + i - 4;
      Hostility kind = Hostility.valueOf(args[i]);
      HostileNode node =
          new HostileNode(kind, prefix + "-" + index, host(index), api, secret, HostileHost::event);
      nodes.add(node);
      node.start();
    }
    event("READY");
    while (System.in.read() >= 0) {
      // the parent closes our standard input to stop us
    }
    nodes.forEach(HostileNode::close);
    System.exit(0);
  }

  private static synchronized void event(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** Hostile node i's own loopback address, on the honest swarm's sites (127.10.s.*). */
  static String host(int index) {
    return "127.10." + (index % 4) + "." + (200 + index / 4);
  }
}
