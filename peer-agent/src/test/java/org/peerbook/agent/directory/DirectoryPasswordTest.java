package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.SocketFactory;
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

  /**
   * A client address that gave wrong passwords its whole allowance gets busy, even with the right
   * one (which is not compared, so guessing gains nothing); another address binds as before.
   */
  @Test
  void turnsAwayAnAddressGuessingPasswordsWithoutComparingItsNextOne() throws Exception {
    for (int i = 0; i < DirectoryServer.FAILED_BINDS_BURST; i++) {
      String guess = "guess-" + i;
      assertResult(
          () -> ldap.client().bind(TestDirectory.READER, guess), ResultCode.INVALID_CREDENTIALS);
    }

    assertResult(() -> ldap.client().bind(TestDirectory.READER, PASSWORD), ResultCode.BUSY);
    try (LDAPConnection elsewhere =
        new LDAPConnection(new From("127.0.0.2"), "127.0.0.1", ldap.client().getConnectedPort())) {
      elsewhere.bind(TestDirectory.READER, PASSWORD);
      assertThat(elsewhere.search(BASE, SearchScope.SUB, "(cn=张*)").getEntryCount()).isEqualTo(1);
    }
  }

  /** Sockets from another loopback address. */
  private static final class From extends SocketFactory {
    private final InetAddress local;

    From(String local) throws IOException {
      this.local = InetAddress.getByName(local);
    }

    @Override
    public Socket createSocket() throws IOException {
      Socket socket = new Socket();
      socket.bind(new InetSocketAddress(local, 0));
      return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return new Socket(host, port, local, 0);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return new Socket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return new Socket(host, port, local, 0);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return new Socket(host, port, localHost, localPort);
    }
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
