package org.peerbook.administrators.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultReference;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.peerbook.administrators.control.DirectoryAdministrators.Answer;

/**
 * Administrators from a real LDAP server on a loopback port (UnboundID's in-memory directory), an
 * operation interceptor playing a directory that does not keep to what it was asked.
 */
class DirectoryAdministratorsTest {
  private static final String BASE = "dc=example,dc=com";
  private static final String PEOPLE = "ou=people," + BASE;
  private static final String ADMINS = "cn=admins," + BASE;
  private static final String READER = "cn=reader," + BASE;

  private final CountDownLatch testEnded = new CountDownLatch(1);
  private InMemoryDirectoryServer server;

  @AfterEach
  void stop() {
    testEnded.countDown();
    server.shutDown(true);
  }

  @Test
  void aMemberOfTheGroupIsAnAdministratorAndOthersAreNot() throws Exception {
    DirectoryAdministrators administrators = start(null);
    person("alice", "Alice", "alice-secret");
    person("bob", "Bob", "bob-secret");
    group("Alice");

    assertThat(administrators.check("alice", "alice-secret".toCharArray()))
        .isEqualTo(Answer.ADMINISTRATOR);
    assertThat(administrators.check("alice", "wrong".toCharArray())).isEqualTo(Answer.INVALID);
    assertThat(administrators.check("bob", "bob-secret".toCharArray()))
        .isEqualTo(Answer.NOT_A_MEMBER);
    assertThat(administrators.check("carol", "carol-secret".toCharArray()))
        .isEqualTo(Answer.INVALID);
    assertThat(administrators.isMember("alice")).isTrue();
    assertThat(administrators.isMember("bob")).isFalse();
  }

  @Test
  void aNameThatFindsSeveralPeopleLetsNoneIn() throws Exception {
    DirectoryAdministrators administrators = start(null);
    person("dee", "Dee One", "dee-secret");
    person("dee", "Dee Two", "dee-secret");
    group("Dee One", "Dee Two");

    assertThat(administrators.check("dee", "dee-secret".toCharArray())).isEqualTo(Answer.INVALID);
    assertThat(administrators.isMember("dee")).isFalse();
  }

  /**
   * The directory ignores the size limit of 2 and sends the 25 people a name finds, the third held
   * back until the test ends: a check that collected the whole answer would wait out the 20 s
   * response timeout and answer "cannot ask the directory"; it stops at the second person instead.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aDirectoryIgnoringTheSizeLimitIsNotReadPastTheSecondPerson() throws Exception {
    AtomicInteger sent = new AtomicInteger();
    DirectoryAdministrators administrators =
        start(
            new InMemoryOperationInterceptor() {
              @Override
              public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                SearchRequest unlimited = request.getRequest().duplicate();
                unlimited.setSizeLimit(0);
                request.setRequest(unlimited);
              }

              @Override
              public void processSearchEntry(InMemoryInterceptedSearchEntry entry) {
                if (sent.incrementAndGet() == 3) {
                  awaitTestEnd();
                }
              }
            });
    for (int i = 0; i < 25; i++) {
      person("dee", "Dee " + i, "dee-secret");
    }
    group("Dee 0", "Dee 1");

    assertThat(administrators.check("dee", "dee-secret".toCharArray())).isEqualTo(Answer.INVALID);
    assertThat(sent).hasValueLessThanOrEqualTo(3);
  }

  /**
   * The directory answers the group search with reference after reference, the eighteenth held back
   * until the test ends: the check stops reading at the seventeenth (more than 16 is no answer) and
   * says "not a member" at once, instead of waiting out the 20 s response timeout.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aGroupSearchSendingReferencesWithoutEndIsNotReadPastTheSeventeenth() throws Exception {
    AtomicInteger sent = new AtomicInteger();
    DirectoryAdministrators administrators =
        start(
            new InMemoryOperationInterceptor() {
              @Override
              public void processSearchRequest(InMemoryInterceptedSearchRequest request)
                  throws LDAPException {
                if (!request.getRequest().getBaseDN().equals(ADMINS)) {
                  return;
                }
                for (int i = 1; i <= 100; i++) {
                  if (i == 18) {
                    awaitTestEnd();
                  }
                  sent.incrementAndGet();
                  request.sendSearchReference(
                      new SearchResultReference(
                          new String[] {"ldap://elsewhere.example:389/" + ADMINS + "?" + i},
                          new Control[0]));
                }
              }
            });
    person("alice", "Alice", "alice-secret");
    group("Alice");

    assertThat(administrators.check("alice", "alice-secret".toCharArray()))
        .isEqualTo(Answer.NOT_A_MEMBER);
    assertThat(sent).hasValue(17);
  }

  private DirectoryAdministrators start(InMemoryOperationInterceptor interceptor) throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
    if (interceptor != null) {
      config.addInMemoryOperationInterceptor(interceptor);
    }
    config.addAdditionalBindCredentials(READER, "reader-secret");
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
    server = new InMemoryDirectoryServer(config);
    server.startListening();
    server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
    server.add(
        "dn: " + PEOPLE, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
    return new DirectoryAdministrators(
        new DirectoryAdministrators.Settings(
            "ldap://127.0.0.1:" + server.getListenPort(),
            READER,
            "reader-secret",
            PEOPLE,
            "(uid={0})",
            ADMINS,
            Duration.ofSeconds(20)));
  }

  private void person(String uid, String cn, String password) throws Exception {
    server.add(
        "dn: cn=" + cn + "," + PEOPLE,
        "objectClass: inetOrgPerson",
        "cn: " + cn,
        "sn: " + cn,
        "uid: " + uid,
        "userPassword: " + password);
  }

  /** The administrators' group, its members named by cn. */
  private void group(String... members) throws Exception {
    List<String> lines = new ArrayList<>(List.of("dn: " + ADMINS, "objectClass: groupOfNames"));
    lines.add("cn: admins");
    for (String cn : members) {
      lines.add("member: cn=" + cn + "," + PEOPLE);
    }
    server.add(lines.toArray(String[]::new));
  }

  private void awaitTestEnd() {
    try {
      testEnded.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
