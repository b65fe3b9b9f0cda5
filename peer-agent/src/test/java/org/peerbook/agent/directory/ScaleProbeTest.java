package org.peerbook.agent.directory;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.SearchScope;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.PhoneDto;
import org.peerbook.protocol.StateDigest;

class ScaleProbeTest {
  @TempDir Path dir;

  @Test
  void probe() throws Exception {
    int n = Integer.getInteger("probe.n", 20_000);
    String[] first = {
      "Wang", "Li", "Zhang", "Anna", "Carl", "José", "Marie", "Olaf", "Yuki", "Priya"
    };
    List<ContactDto> contacts = new ArrayList<>();
    StateDigest state = StateDigest.empty();
    for (int i = 0; i < n; i++) {
      String id = String.format("c%07d", i);
      String given = first[i % first.length] + (i % 997);
      String family = "Family" + (i / 10);
      ContactDto c =
          new ContactDto(
              id,
              given + " " + family,
              given,
              family,
              List.of(given.toLowerCase() + "." + family.toLowerCase() + "@example.com"),
              List.of(new PhoneDto("work", "+41 22 " + (1000000 + i))),
              "Org",
              "Dept" + (i % 50),
              "Title",
              null,
              "Office",
              Map.of());
      state.add(c);
      contacts.add(c);
    }
    var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    var head = HeadSignatures.sign(keys.getPrivate(), 1, "0".repeat(64), state.digest());
    Path kept = Path.of(System.getProperty("probe.dir", dir.toString()));
    boolean fresh = !java.nio.file.Files.exists(kept.resolve("copy.mv.db"));
    try (LocalStore store = LocalStore.open(kept, 100)) {
      long t0 = System.nanoTime();
      if (fresh) store.replaceWithSnapshot(head, contacts.iterator());
      System.out.printf("filled %d in %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
      contacts = null;
      try (var server =
              new DirectoryServer(
                  new DirectorySettings(
                      new InetSocketAddress("127.0.0.1", 0),
                      "ou=people,o=peerbook",
                      Optional.empty(),
                      500),
                  store);
          var client = new LDAPConnection("127.0.0.1", server.address().getPort())) {
        client.getConnectionOptions().setResponseTimeoutMillis(60_000);
        String[] filters = {
          "(cn=wang17*)",
          "(cn=Wang17 Family1*)",
          "(mail=yuki5.family5000@example.com)",
          "(|(cn=olaf3*)(mail=olaf3*)(sn=olaf3*)(givenName=olaf3*))",
          "(&(objectClass=person)(|(cn=priya9*)(mail=priya9*)))",
          "(ou=Dept7)",
          "(cn=*ily999*)",
          "(telephoneNumber=*1099999)",
          "(title=nobody)",
          "(cn=*)"
        };
        for (int round = 0; round < 2; round++) {
          for (String f : filters) {
            long s = System.nanoTime();
            int count;
            String code = "0";
            try {
              count =
                  client
                      .search("ou=people,o=peerbook", SearchScope.SUB, f, "cn", "mail")
                      .getEntryCount();
            } catch (LDAPSearchException e) {
              count = e.getEntryCount();
              code = String.valueOf(e.getResultCode().intValue());
            }
            System.out.printf(
                "round %d %-60s %4d entries code %s %6d ms%n",
                round, f, count, code, (System.nanoTime() - s) / 1_000_000);
          }
        }
      }
    }
  }
}
