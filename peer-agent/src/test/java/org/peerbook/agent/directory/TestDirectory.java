package org.peerbook.agent.directory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.sync.TestBook;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

/** A real store holding a small book, and a real directory over it on a loopback port. */
final class TestDirectory implements AutoCloseable {
  static final String BASE = "ou=people,o=peerbook";
  static final String READER = "cn=reader," + BASE;
  static final int BULK = 25;
  static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

  final TestBook book = new TestBook();
  final LocalStore store;
  final DirectoryServer server;

  TestDirectory(Path dir, Optional<String> password, int sizeLimit) {
    this(dir, new DirectorySettings(ANY_PORT, BASE, password, sizeLimit));
  }

  /** With these settings, on a free loopback port whatever {@code settings} say. */
  TestDirectory(Path dir, DirectorySettings settings) {
    book.upsert(
            new ContactDto(
                "carl",
                "Carl Cello",
                "Carl",
                "Cello",
                List.of("Carl@Example.com", "carl.cello@music.example"),
                List.of(
                    new PhoneDto("work", "+41 (22) 555-0100"),
                    new PhoneDto("mobile", "+41 79 555 0101")),
                "PeerBook AG",
                "Music",
                "Cellist",
                "uid=anna,ou=people,o=peerbook",
                "Geneva",
                Map.of()))
        .upsert(person("zhang", "张伟", "伟", "张", "zhang.wei@example.cn", "研发"))
        .upsert(person("anna", "Ångström Anna", "Anna", "Ångström", "anna@example.se", "Physics"))
        .upsert(person("jose", "José Álvarez", "José", "Álvarez", "jose@example.es", "Sales EMEA"))
        .upsert(person("nosn", "Prince", null, null, "prince@example.com", "Music"));
    for (int i = 1; i <= BULK; i++) {
      String n = String.format("%02d", i);
      book.upsert(
          person("bulk" + n, "Bulk Person " + n, null, null, "bulk" + n + "@x.org", "Bulk"));
    }
    store = LocalStore.open(dir, 100);
    store.replaceWithSnapshot(book.head(), book.contacts.values().iterator());
    server =
        new DirectoryServer(
            new DirectorySettings(
                ANY_PORT,
                settings.baseDn(),
                settings.password(),
                settings.sizeLimit(),
                settings.idleTimeout(),
                settings.requestTimeout(),
                settings.maxConnections(),
                settings.timeLimit()),
            store);
  }

  static ContactDto person(
      String id, String name, String given, String family, String email, String department) {
    return new ContactDto(
        id,
        name,
        given,
        family,
        List.of(email),
        List.of(),
        null,
        department,
        null,
        null,
        null,
        Map.of());
  }

  /** Applies the changes the book made since the store last caught up, as a sync would. */
  void syncStore() {
    store.applyDelta(book.entries(store.version(), book.log.size()), book.head());
  }

  int port() {
    return server.address().getPort();
  }

  @Override
  public void close() {
    try (store) {
      server.close();
    }
  }
}
