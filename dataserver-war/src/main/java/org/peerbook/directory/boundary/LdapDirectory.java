package org.peerbook.directory.boundary;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.function.Consumer;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import org.peerbook.directory.control.DirectoryFailedException;
import org.peerbook.directory.control.DirectoryRun;
import org.peerbook.directory.entity.DirectorySource;

/**
 * Reads a source's entries over LDAP with the UnboundID SDK: one connection, a simple bind, and a
 * subtree search paged with the Simple Paged Results control (RFC 2696), so that neither side holds
 * more than a page. Entries are handed on as they arrive, not once their page is complete: a
 * consumer that refuses one (a run past its limits) ends the read there, even when the server
 * ignores paging and sends everything in one answer. Any failure, including a size or time limit
 * the server enforces, fails the whole read: a run must never take a partial read for the
 * directory's content.
 */
public final class LdapDirectory implements DirectoryRun.Directory {

  @Override
  public void read(DirectorySource source, String[] attributes, Consumer<Entry> entries) {
    EntryStream stream = new EntryStream(entries);
    try (LDAPConnection connection = connect(source)) {
      if (source.bindDn().isPresent()) {
        connection.bind(source.bindDn().get(), source.password());
      }
      SearchRequest request =
          new SearchRequest(stream, source.baseDn(), SearchScope.SUB, source.filter(), attributes);
      request.setTimeLimitSeconds((int) Math.max(1, source.timeout().toSeconds()));
      // the run checks its time at each entry; a server that answers page after page with no
      // entry in it, and a cookie for the next, is cut here
      Instant deadline = Instant.now().plus(source.maxRunTime());
      ASN1OctetString cookie = null;
      do {
        if (Instant.now().isAfter(deadline)) {
          throw new DirectoryFailedException(
              DirectoryRun.at(source)
                  + "still paging after "
                  + source.maxRunTime()
                  + " (max-run-time)",
              null);
        }
        request.setControls(new SimplePagedResultsControl(source.pageSize(), cookie));
        SearchResult page = connection.search(request);
        stream.requireAllTaken();
        SimplePagedResultsControl paging = SimplePagedResultsControl.get(page);
        // a server without paging answers everything at once, with no control
        cookie = paging == null ? null : paging.getCookie();
      } while (cookie != null && cookie.getValueLength() > 0);
    } catch (LDAPException e) {
      stream.requireAllTaken();
      throw new DirectoryFailedException(describe(source, e), e);
    }
  }

  /**
   * Hands each entry to the consumer as the connection reads it; once the consumer refused one, the
   * read throws that refusal, whatever the search made of it.
   */
  private static final class EntryStream implements SearchResultListener {
    private static final long serialVersionUID = 1L;
    private final transient Consumer<Entry> entries;
    private transient RuntimeException refused;

    EntryStream(Consumer<Entry> entries) {
      this.entries = entries;
    }

    @Override
    public void searchEntryReturned(SearchResultEntry entry) {
      if (refused != null) {
        return;
      }
      try {
        entries.accept(entry);
      } catch (RuntimeException e) {
        refused = e;
        throw e;
      }
    }

    @Override
    public void searchReferenceReturned(SearchResultReference reference) {
      // referrals are not followed: the source's base DN is what it reads
    }

    /** Throws what the consumer threw, if it refused an entry. */
    void requireAllTaken() {
      if (refused != null) {
        throw refused;
      }
    }
  }

  private static LDAPConnection connect(DirectorySource source) throws LDAPException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis((int) source.timeout().toMillis());
    options.setResponseTimeoutMillis(source.timeout().toMillis());
    // entries reach the listener on the thread that runs the search, and an entry it refuses
    // ends the search there
    options.setUseSynchronousMode(true);
    SocketFactory sockets = SocketFactory.getDefault();
    if (source.tls()) {
      try {
        // the JVM's trust store, and the certificate must name the host
        sockets = SSLContext.getDefault().getSocketFactory();
      } catch (GeneralSecurityException e) {
        throw new DirectoryFailedException(
            "directory source " + source.name() + ": no TLS: " + e.getMessage(), e);
      }
      options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
    }
    return new LDAPConnection(sockets, options, source.host(), source.port());
  }

  private static String describe(DirectorySource source, LDAPException e) {
    String what;
    ResultCode code = e.getResultCode();
    if (code == ResultCode.INVALID_CREDENTIALS) {
      what = "bind refused (invalid credentials)";
    } else if (code == ResultCode.CONNECT_ERROR || code == ResultCode.SERVER_DOWN) {
      what = "unreachable or gone (" + e.getMessage() + ")";
    } else if (code == ResultCode.TIMEOUT || code == ResultCode.TIME_LIMIT_EXCEEDED) {
      what = "timed out after " + source.timeout().toSeconds() + " s";
    } else {
      what =
          "refused: "
              + code
              + (e.getDiagnosticMessage() == null ? "" : " — " + e.getDiagnosticMessage());
    }
    return DirectoryRun.at(source) + what;
  }
}
