package org.peerbook.agent.directory;

import com.unboundid.ldap.listener.LDAPListenerClientConnection;
import com.unboundid.ldap.listener.LDAPListenerRequestHandler;
import com.unboundid.ldap.protocol.AddRequestProtocolOp;
import com.unboundid.ldap.protocol.AddResponseProtocolOp;
import com.unboundid.ldap.protocol.BindRequestProtocolOp;
import com.unboundid.ldap.protocol.BindResponseProtocolOp;
import com.unboundid.ldap.protocol.CompareRequestProtocolOp;
import com.unboundid.ldap.protocol.CompareResponseProtocolOp;
import com.unboundid.ldap.protocol.DeleteRequestProtocolOp;
import com.unboundid.ldap.protocol.DeleteResponseProtocolOp;
import com.unboundid.ldap.protocol.ExtendedRequestProtocolOp;
import com.unboundid.ldap.protocol.ExtendedResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.ModifyDNRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyDNResponseProtocolOp;
import com.unboundid.ldap.protocol.ModifyRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyResponseProtocolOp;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.protocol.SearchResultDoneProtocolOp;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.peerbook.agent.transport.FailuresPerAddress;

/**
 * One client connection's requests. Searches go to {@link DirectorySearch}; every change is
 * refused, since the book changes only on the data server and reaches the copy signed.
 *
 * <p>Without a password, binds are anonymous. With one, the client binds as {@link
 * DirectorySettings#bindDn()} with it before it may search; a wrong DN or password gets
 * invalidCredentials and leaves the connection unauthenticated, as RFC 4511 says a failed bind
 * does. A client address that gave a wrong password {@link DirectoryServer#FAILED_BINDS_BURST}
 * times, and more than one every {@code 1 / FAILED_BINDS_PER_SECOND} seconds since, gets busy until
 * it may try again, its password not compared: the directory password cannot be guessed at the
 * speed of a loop where the directory listens beyond loopback.
 *
 * <p>Searches take the simple paged results, server-side sort and virtual list view controls
 * ({@link PagedResults}, {@link SortedView}); any other control marked critical fails its operation
 * with unavailableCriticalExtension (RFC 4511 4.1.11), and unknown non-critical ones are ignored.
 */
final class DirectoryRequests extends LDAPListenerRequestHandler {
  private static final String READ_ONLY =
      "the directory is a read-only copy of the address book: change contacts on the data server";

  private static final int UNKNOWN_CRITICAL = ResultCode.UNAVAILABLE_CRITICAL_EXTENSION.intValue();

  private final DirectorySearch search;
  private final DN bindDn;
  private final Optional<byte[]> password;
  private static final Logger LOG = Logger.getLogger(DirectoryRequests.class.getName());

  private final FailuresPerAddress failedBinds;
  private final LDAPListenerClientConnection connection;
  private boolean authenticated;

  /**
   * @param failedBinds binds with a wrong password so far, per client address
   */
  DirectoryRequests(
      DirectorySearch search,
      DN bindDn,
      Optional<String> password,
      FailuresPerAddress failedBinds) {
    this(search, bindDn, password.map(p -> p.getBytes(StandardCharsets.UTF_8)), failedBinds, null);
  }

  private DirectoryRequests(
      DirectorySearch search,
      DN bindDn,
      Optional<byte[]> password,
      FailuresPerAddress failedBinds,
      LDAPListenerClientConnection connection) {
    this.search = search;
    this.bindDn = bindDn;
    this.password = password;
    this.failedBinds = failedBinds;
    this.connection = connection;
  }

  @Override
  public LDAPListenerRequestHandler newInstance(LDAPListenerClientConnection connection) {
    return new DirectoryRequests(search, bindDn, password, failedBinds, connection);
  }

  @Override
  public LDAPMessage processBindRequest(
      int messageId, BindRequestProtocolOp request, List<Control> controls) {
    authenticated = false;
    Optional<String> unknown = unknownCritical(controls, Set.of());
    if (unknown.isPresent()) {
      return new LDAPMessage(
          messageId, new BindResponseProtocolOp(UNKNOWN_CRITICAL, null, unknown.get(), null, null));
    }
    ResultCode code;
    String message = null;
    if (request.getCredentialsType() != BindRequestProtocolOp.CRED_TYPE_SIMPLE) {
      code = ResultCode.AUTH_METHOD_NOT_SUPPORTED;
      message = "only simple binds";
    } else {
      byte[] given = request.getSimplePassword().getValue();
      boolean anonymous = request.getBindDN().isEmpty() && given.length == 0;
      if (anonymous) {
        code = password.isEmpty() ? ResultCode.SUCCESS : ResultCode.INAPPROPRIATE_AUTHENTICATION;
        message = password.isEmpty() ? null : "bind as " + bindDn + " with the directory password";
      } else if (given.length == 0) {
        // an unauthenticated bind (a DN, no password) must not pass for a login: RFC 4513 5.1.2
        code = ResultCode.UNWILLING_TO_PERFORM;
        message = "a bind DN needs a password";
      } else {
        long retryAfter = failedBinds.refusal(client());
        if (retryAfter > 0) {
          // not compared at all: the password cannot be guessed faster than the allowance
          code = ResultCode.BUSY;
          message =
              "too many binds with a wrong password from "
                  + FailuresPerAddress.block(client())
                  + ": try again in "
                  + retryAfter
                  + " s";
        } else if (password.isPresent()
            && isBindDn(request.getBindDN())
            && MessageDigest.isEqual(given, password.get())) {
          code = ResultCode.SUCCESS;
          authenticated = true;
        } else {
          code = ResultCode.INVALID_CREDENTIALS;
          failedBinds.failed(client());
        }
      }
    }
    return new LDAPMessage(
        messageId, new BindResponseProtocolOp(code.intValue(), null, message, null, null));
  }

  private InetAddress client() {
    return connection.getSocket().getInetAddress();
  }

  private boolean isBindDn(String dn) {
    try {
      return bindDn.equals(new DN(dn));
    } catch (LDAPException e) {
      return false;
    }
  }

  @Override
  public LDAPMessage processSearchRequest(
      int messageId, SearchRequestProtocolOp request, List<Control> controls) {
    DirectorySearch.Outcome outcome;
    Optional<String> unknown =
        unknownCritical(
            controls, Set.of(PagedResults.OID, SortedView.SORT_OID, SortedView.VLV_OID));
    Optional<PagedResults.Page> page = Optional.empty();
    Optional<SortedView.Request> sort;
    try {
      for (Control control : controls) {
        if (PagedResults.OID.equals(control.getOID())) {
          page = Optional.of(PagedResults.of(control));
        }
      }
      sort = SortedView.of(controls);
    } catch (LDAPException e) {
      return searchDone(
          messageId, new DirectorySearch.Outcome(e.getResultCode(), null, e.getMessage()));
    }
    if (unknown.isPresent()) {
      outcome =
          new DirectorySearch.Outcome(
              ResultCode.UNAVAILABLE_CRITICAL_EXTENSION, null, unknown.get());
    } else if (password.isPresent() && !authenticated) {
      outcome =
          new DirectorySearch.Outcome(
              ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
              null,
              "bind as " + bindDn + " with the directory password first");
    } else {
      Optional<HeldOutput> output = HeldOutput.of(connection.getSocket());
      output.ifPresent(HeldOutput::hold);
      try {
        outcome =
            search.run(
                request, page, sort, entry -> connection.sendSearchResultEntry(messageId, entry));
      } finally {
        // the entries go before the search's end, which the SDK writes once this returns
        output.ifPresent(DirectoryRequests::release);
      }
    }
    return searchDone(messageId, outcome);
  }

  private static void release(HeldOutput output) {
    try {
      output.release();
    } catch (IOException gone) {
      // the client went away: writing the search's end fails too, and the SDK closes the connection
      LOG.fine(() -> "a search's entries could not be sent: " + gone);
    }
  }

  private static LDAPMessage searchDone(int messageId, DirectorySearch.Outcome outcome) {
    SearchResultDoneProtocolOp done =
        new SearchResultDoneProtocolOp(
            outcome.code().intValue(), outcome.matchedDn(), outcome.message(), null);
    return new LDAPMessage(messageId, done, outcome.controls());
  }

  /**
   * The words for the first control in {@code controls} marked critical that is not {@code known},
   * if there is one.
   */
  private static Optional<String> unknownCritical(List<Control> controls, Set<String> known) {
    return controls.stream()
        .filter(control -> control.isCritical() && !known.contains(control.getOID()))
        .findFirst()
        .map(control -> "the critical control " + control.getOID() + " is not supported here");
  }

  @Override
  public LDAPMessage processAddRequest(
      int messageId, AddRequestProtocolOp request, List<Control> controls) {
    return new LDAPMessage(
        messageId, new AddResponseProtocolOp(refused(controls), null, readOnly(controls), null));
  }

  @Override
  public LDAPMessage processModifyRequest(
      int messageId, ModifyRequestProtocolOp request, List<Control> controls) {
    return new LDAPMessage(
        messageId, new ModifyResponseProtocolOp(refused(controls), null, readOnly(controls), null));
  }

  @Override
  public LDAPMessage processDeleteRequest(
      int messageId, DeleteRequestProtocolOp request, List<Control> controls) {
    return new LDAPMessage(
        messageId, new DeleteResponseProtocolOp(refused(controls), null, readOnly(controls), null));
  }

  @Override
  public LDAPMessage processModifyDNRequest(
      int messageId, ModifyDNRequestProtocolOp request, List<Control> controls) {
    return new LDAPMessage(
        messageId,
        new ModifyDNResponseProtocolOp(refused(controls), null, readOnly(controls), null));
  }

  @Override
  public LDAPMessage processCompareRequest(
      int messageId, CompareRequestProtocolOp request, List<Control> controls) {
    return new LDAPMessage(
        messageId,
        new CompareResponseProtocolOp(
            refused(controls),
            null,
            unknownCritical(controls, Set.of()).orElse("search instead"),
            null));
  }

  @Override
  public LDAPMessage processExtendedRequest(
      int messageId, ExtendedRequestProtocolOp request, List<Control> controls) {
    return new LDAPMessage(
        messageId,
        new ExtendedResponseProtocolOp(
            refused(controls),
            null,
            unknownCritical(controls, Set.of())
                .orElse("no extended operations (" + request.getOID() + ")"),
            null,
            null,
            null));
  }

  /** Why a change is refused: an unknown critical control first, as RFC 4511 4.1.11 says. */
  private static int refused(List<Control> controls) {
    return unknownCritical(controls, Set.of()).isPresent()
        ? UNKNOWN_CRITICAL
        : ResultCode.UNWILLING_TO_PERFORM.intValue();
  }

  private static String readOnly(List<Control> controls) {
    return unknownCritical(controls, Set.of()).orElse(READ_ONLY);
  }
}
