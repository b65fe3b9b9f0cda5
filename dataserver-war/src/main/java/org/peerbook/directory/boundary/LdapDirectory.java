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
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import java.security.GeneralSecurityException;
import java.util.function.Consumer;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import org.peerbook.directory.control.DirectoryFailedException;
import org.peerbook.directory.control.DirectoryRun;
import org.peerbook.directory.entity.DirectorySource;

/**
 * Reads a source's entries over LDAP with the UnboundID SDK: one connection, a simple bind, and a
 * subtree search paged with the Simple Paged Results control (RFC 2696), so that neither side holds
 * more than a page. Any failure, including a size or time limit the server enforces, fails the
 * whole read: a run must never take a partial read for the directory's content.
 */
public final class LdapDirectory implements DirectoryRun.Directory {

  @Override
  public void read(DirectorySource source, String[] attributes, Consumer<Entry> entries) {
    try (LDAPConnection connection = connect(source)) {
      if (source.bindDn().isPresent()) {
        connection.bind(source.bindDn().get(), source.password());
      }
      SearchRequest request =
          new SearchRequest(source.baseDn(), SearchScope.SUB, source.filter(), attributes);
      request.setTimeLimitSeconds((int) Math.max(1, source.timeout().toSeconds()));
      ASN1OctetString cookie = null;
      do {
        request.setControls(new SimplePagedResultsControl(source.pageSize(), cookie));
        SearchResult page = connection.search(request);
        for (SearchResultEntry entry : page.getSearchEntries()) {
          entries.accept(entry);
        }
        SimplePagedResultsControl paging = SimplePagedResultsControl.get(page);
        // a server without paging answers everything at once, with no control
        cookie = paging == null ? null : paging.getCookie();
      } while (cookie != null && cookie.getValueLength() > 0);
    } catch (LDAPException e) {
      throw new DirectoryFailedException(describe(source, e), e);
    }
  }

  private static LDAPConnection connect(DirectorySource source) throws LDAPException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis((int) source.timeout().toMillis());
    options.setResponseTimeoutMillis(source.timeout().toMillis());
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
    return "directory source " + source.name() + " at " + source.url() + ": " + what;
  }
}
