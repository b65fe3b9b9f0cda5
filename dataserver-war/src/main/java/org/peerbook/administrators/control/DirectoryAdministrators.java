package org.peerbook.administrators.control;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;

/**
 * Administrators from the company's directory (LDAP or Active Directory): a person found under
 * {@code userBaseDn} by {@code userFilter} ({@code {0}} is the name, escaped), who binds with the
 * password given, is an administrator if a member of {@code groupDn} ({@code member} or {@code
 * uniqueMember}). One who binds but is not a member is a person without the role (403, not 401).
 */
public final class DirectoryAdministrators {
  private static final Logger LOG = Logger.getLogger(DirectoryAdministrators.class.getName());

  /**
   * @param bindDn the service account that searches for people ({@code null}: anonymous)
   */
  public record Settings(
      String url,
      String bindDn,
      String bindPassword,
      String userBaseDn,
      String userFilter,
      String groupDn,
      Duration timeout) {}

  /** What the directory said of a name and password. */
  public enum Answer {
    /** No such person, or the password is wrong. */
    INVALID,
    /** The password is right but the person is not in the administrators' group. */
    NOT_A_MEMBER,
    ADMINISTRATOR
  }

  private final Settings settings;
  private final LDAPURL url;

  public DirectoryAdministrators(Settings settings) {
    this.settings = settings;
    try {
      this.url = new LDAPURL(settings.url());
      new DN(settings.userBaseDn());
      new DN(settings.groupDn());
      Filter.create(settings.userFilter().replace("{0}", "x"));
    } catch (LDAPException e) {
      throw new IllegalArgumentException("peerbook.admin.ldap: " + e.getMessage(), e);
    }
  }

  /**
   * @throws DirectoryUnavailableException if the directory cannot be asked now
   */
  public Answer check(String name, char[] password) {
    if (password.length == 0) {
      // an empty password is an anonymous bind in LDAP: it would "succeed" for anyone
      return Answer.INVALID;
    }
    try (LDAPConnection search = serviceConnection()) {
      Optional<String> person = findPerson(search, name);
      if (person.isEmpty()) {
        return Answer.INVALID;
      }
      String personDn = person.get();
      try (LDAPConnection asPerson = connect()) {
        asPerson.bind(personDn, new String(password));
      } catch (LDAPException refused) {
        if (refused.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
          return Answer.INVALID;
        }
        throw refused;
      }
      return memberOfGroup(search, personDn) ? Answer.ADMINISTRATOR : Answer.NOT_A_MEMBER;
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        LOG.warning(() -> "peerbook.admin.ldap: " + e.getMessage());
        return Answer.INVALID;
      }
      throw new DirectoryUnavailableException(e.getMessage(), e);
    }
  }

  /**
   * Whether {@code name} is still a member of the group, asked with the service account: a console
   * session of a person taken out of the group ends.
   *
   * @throws DirectoryUnavailableException if the directory cannot be asked now
   */
  public boolean isMember(String name) {
    try (LDAPConnection search = serviceConnection()) {
      Optional<String> person = findPerson(search, name);
      return person.isPresent() && memberOfGroup(search, person.get());
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return false;
      }
      throw new DirectoryUnavailableException(e.getMessage(), e);
    }
  }

  /** A connection bound as the service account (anonymous without one). */
  private LDAPConnection serviceConnection() throws LDAPException {
    LDAPConnection search = connect();
    try {
      if (settings.bindDn() != null) {
        search.bind(settings.bindDn(), settings.bindPassword());
      }
      return search;
    } catch (LDAPException e) {
      search.close();
      throw e;
    }
  }

  /** The DN of the one person {@code name} finds, the name escaped into the filter. */
  private Optional<String> findPerson(LDAPConnection search, String name) throws LDAPException {
    Filter who = Filter.create(settings.userFilter().replace("{0}", Filter.encodeValue(name)));
    AtMostOneEntry person = new AtMostOneEntry();
    SearchRequest request =
        new SearchRequest(
            person, settings.userBaseDn(), SearchScope.SUB, who, SearchRequest.NO_ATTRIBUTES);
    request.setSizeLimit(2);
    // a name that finds several people lets none of them in
    return searchForOne(search, request, person);
  }

  private boolean memberOfGroup(LDAPConnection search, String personDn) throws LDAPException {
    Filter member =
        Filter.createORFilter(
            Filter.createEqualityFilter("member", personDn),
            Filter.createEqualityFilter("uniqueMember", personDn));
    AtMostOneEntry group = new AtMostOneEntry();
    return searchForOne(
            search,
            new SearchRequest(
                group, settings.groupDn(), SearchScope.BASE, member, SearchRequest.NO_ATTRIBUTES),
            group)
        .isPresent();
  }

  /**
   * The DN of the one entry a search finds: empty when it finds none or several (more than one is
   * no failure, but no answer either).
   */
  private static Optional<String> searchForOne(
      LDAPConnection connection, SearchRequest request, AtMostOneEntry one) throws LDAPException {
    try {
      connection.search(request);
      return one.dn();
    } catch (LDAPException | RuntimeException e) {
      boolean several =
          one.several()
              || e instanceof LDAPException refused
                  && refused.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED;
      if (several) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private LDAPConnection connect() throws LDAPException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis((int) settings.timeout().toMillis());
    options.setResponseTimeoutMillis(settings.timeout().toMillis());
    // entries reach the search's listener on its own thread, and one it refuses ends the search
    options.setUseSynchronousMode(true);
    SocketFactory sockets = SocketFactory.getDefault();
    if (url.getScheme().equals("ldaps")) {
      try {
        sockets = SSLContext.getDefault().getSocketFactory();
      } catch (GeneralSecurityException e) {
        throw new DirectoryUnavailableException("no TLS: " + e.getMessage(), e);
      }
      options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
    }
    return new LDAPConnection(sockets, options, url.getHost(), url.getPort());
  }

  /** The directory could not be asked (unreachable, timed out, the service bind refused). */
  public static final class DirectoryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DirectoryUnavailableException(String why, Throwable cause) {
      super("the administrators' directory cannot be asked now: " + why, cause);
    }
  }

  @Override
  public String toString() {
    return url + ", group " + settings.groupDn();
  }
}
