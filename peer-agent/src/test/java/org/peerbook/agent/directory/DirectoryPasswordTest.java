package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a password, only a bind as the reader with it opens the directory. */
class DirectoryPasswordTest {
  private static final String BASE = TestDirectory.BASE;
  private static final String PASSWORD = "s3cret-ä";

  @TempDir Path dir;
  private TestDirectory directory;
  private LDAPConnection client;

  @BeforeEach
  void start() throws LDAPException {
    directory = new TestDirectory(dir, Optional.of(PASSWORD), 500);
    client = new LDAPConnection("127.0.0.1", directory.port());
  }

  @AfterEach
  void stop() {
    client.close();
    directory.close();
  }

  @Test
  void searchesAfterABindAsTheReader() throws LDAPException {
    client.bind("CN=Reader, OU=People, O=PeerBook", PASSWORD);

    assertThat(client.search(BASE, SearchScope.SUB, "(cn=张*)").getEntryCount()).isEqualTo(1);
  }

  @Test
  void refusesAWrongPasswordOrBindDnWithInvalidCredentials() {
    assertResult(() -> client.bind(TestDirectory.READER, "wrong"), ResultCode.INVALID_CREDENTIALS);
    assertResult(() -> client.bind("uid=anna," + BASE, PASSWORD), ResultCode.INVALID_CREDENTIALS);
  }

  @Test
  void refusesAnonymousSearches() {
    assertResult(
        () -> client.search(BASE, SearchScope.SUB, "(cn=*)"),
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS);
    assertResult(() -> client.bind("", ""), ResultCode.INAPPROPRIATE_AUTHENTICATION);
  }

  @Test
  void aFailedBindLeavesTheConnectionUnauthenticated() throws LDAPException {
    client.bind(TestDirectory.READER, PASSWORD);
    assertResult(() -> client.bind(TestDirectory.READER, "wrong"), ResultCode.INVALID_CREDENTIALS);

    assertResult(
        () -> client.search(BASE, SearchScope.SUB, "(cn=*)"),
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS);
  }

  private static void assertResult(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ResultCode expected) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            LDAPException.class, e -> assertThat(e.getResultCode()).isEqualTo(expected));
  }
}
