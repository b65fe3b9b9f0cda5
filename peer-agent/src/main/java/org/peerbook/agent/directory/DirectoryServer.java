package org.peerbook.agent.directory;

import com.unboundid.ldap.listener.LDAPListener;
import com.unboundid.ldap.listener.LDAPListenerConfig;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.transport.ConnectionsPerAddress;
import org.peerbook.agent.transport.FailuresPerAddress;

/**
 * The local copy as a read-only LDAP directory for unmodified mail clients (Thunderbird, Outlook,
 * phones), on the LDAP SDK's listener. It answers from the store's reader connection, so it holds
 * no second copy of the book and is current after every sync without waiting for one.
 *
 * <p>Bounded: a connection cap (beyond it the listener closes new connections at once), an idle
 * timeout on every connection, a deadline for each message to arrive once it began (so a client
 * trickling a byte at a time holds a connection no longer than that), the idle timeout on a write
 * waiting for the client to take its answers, and a message-size cap.
 */
public final class DirectoryServer implements AutoCloseable {
  /** Far above any search request a mail client sends; a larger message closes the connection. */
  static final int MAX_MESSAGE_BYTES = 64 * 1024;

  /** Binds with a wrong password one client address may make at once: a mistyped one or two. */
  static final int FAILED_BINDS_BURST = 10;

  /** And after that: one every five seconds, some 17,000 guesses a day at most. */
  static final double FAILED_BINDS_PER_SECOND = 0.2;

  private final LDAPListener listener;
  private final LdapSockets sockets;

  /**
   * Starts listening.
   *
   * @throws DirectoryUnavailableException if the address cannot be listened on
   */
  public DirectoryServer(DirectorySettings settings, LocalStore store) {
    DN base = dn(settings.baseDn());
    DN bindDn = dn(settings.bindDn());
    DirectorySearch search =
        new DirectorySearch(
            store, new ContactEntries(base), settings.sizeLimit(), settings.timeLimit());
    LDAPListenerConfig config =
        new LDAPListenerConfig(
            settings.listen().getPort(),
            new DirectoryRequests(
                search,
                bindDn,
                settings.password(),
                new FailuresPerAddress(
                    FAILED_BINDS_PER_SECOND, FAILED_BINDS_BURST, "LDAP binds", System::nanoTime)));
    config.setListenAddress(settings.listen().getAddress());
    config.setMaxConnections(settings.maxConnections());
    config.setMaxMessageSizeBytes(MAX_MESSAGE_BYTES);
    // the listener has no timeouts of its own: its sockets get them
    sockets =
        new LdapSockets(
            settings.idleTimeout(),
            settings.requestTimeout(),
            ConnectionsPerAddress.shareOf(settings.maxConnections(), "LDAP listener"));
    config.setServerSocketFactory(sockets);
    listener = new LDAPListener(config);
    try {
      listener.startListening();
    } catch (IOException e) {
      sockets.close();
      throw new DirectoryUnavailableException(
          "cannot listen for LDAP on "
              + settings.listen().getHostString()
              + ":"
              + settings.listen().getPort()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static DN dn(String text) {
    try {
      return new DN(text);
    } catch (LDAPException e) {
      throw new IllegalStateException("the settings checked the DN " + text, e);
    }
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(listener.getListenAddress(), listener.getListenPort());
  }

  @Override
  public void close() {
    listener.shutDown(true);
    sockets.close();
  }
}
