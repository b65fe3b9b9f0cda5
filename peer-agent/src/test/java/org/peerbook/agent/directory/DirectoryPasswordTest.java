package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** With a password, only a bind as the reader with it opens the directory. */
class DirectoryPasswordTest {
  private static final String BASE = TestDirectory.BASE;
  private static final String PASSWORD = "s3cret-ä";

  @TempDir Path dir;

  @RegisterExtension
  final ConnectedDirectory ldap = new ConnectedDirectory(() -> dir, Optional.of(PASSWORD), 500);

  @Test
  void searchesAfterABindAsTheReader() throws LDAPException {
    ldap.client().bind("CN=Reader, OU=People, O=PeerBook", PASSWORD);

    assertThat(ldap.client().search(BASE, SearchScope.SUB, "(cn=张*)").getEntryCount()).isEqualTo(1);
  }

  @Test
  void refusesAWrongPasswordOrBindDnWithInvalidCredentials() {
    assertResult(
        () -> ldap.client().bind(TestDirectory.READER, "wrong"), ResultCode.INVALID_CREDENTIALS);
    assertResult(
        () -> ldap.client().bind("uid=anna," + BASE, PASSWORD), ResultCode.INVALID_CREDENTIALS);
  }

  @Test
  void refusesAnonymousSearches() {
    assertResult(
        () -> ldap.client().search(BASE, SearchScope.SUB, "(cn=*)"),
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS);
    assertResult(() -> ldap.client().bind("", ""), ResultCode.INAPPROPRIATE_AUTHENTICATION);
  }

  @Test
  void aFailedBindLeavesTheConnectionUnauthenticated() throws LDAPException {
    ldap.client().bind(TestDirectory.READER, PASSWORD);
    assertResult(
        () -> ldap.client().bind(TestDirectory.READER, "wrong"), ResultCode.INVALID_CREDENTIALS);

    assertResult(
        () -> ldap.client().search(BASE, SearchScope.SUB, "(cn=*)"),
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS);
  }

  private static void assertResult(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ResultCode expected) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            LDAPException.class, e -> assertThat(e.getResultCode()).isEqualTo(expected));
  }
}
