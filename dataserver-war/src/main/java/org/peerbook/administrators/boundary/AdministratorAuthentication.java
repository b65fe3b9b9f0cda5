package org.peerbook.administrators.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.peerbook.Problems;
import org.peerbook.administrators.control.BasicCredentials;
import org.peerbook.administrators.control.LoginThrottledException;

/**
 * HTTP Basic for the admin paths. The built-in Basic mechanism answers 500 to a malformed header;
 * this one treats it as no credentials. Credentials are checked on every path, so that resources
 * that {@code @RolesAllowed} guards see the caller whatever spelling of their path matched; on a
 * path that {@code web.xml} leaves open a wrong password is not refused here (nodes' requests carry
 * their own tokens, and {@link RolesAllowedCheck} refuses what needs the role). A password that
 * cannot be checked now (see {@link AdministratorIdentityStore}) is refused at once with 429 or 503
 * and {@code Retry-After}.
 */
@ApplicationScoped
public class AdministratorAuthentication implements HttpAuthenticationMechanism {
  static final String CHALLENGE = "Basic realm=\"PeerBook administration\", charset=\"UTF-8\"";

  @Inject AdministratorIdentityStore administrators;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    Optional<BasicCredentials> credentials =
        BasicCredentials.parse(request.getHeader("Authorization"));
    if (credentials.isPresent()) {
      CredentialValidationResult result;
      try {
        result =
            administrators.validate(
                credentials.get().name(), credentials.get().password(), request.getRemoteAddr());
      } catch (LoginThrottledException e) {
        return refuse(request, response, e);
      }
      if (result.getStatus() == CredentialValidationResult.Status.VALID) {
        return context.notifyContainerAboutLogin(result);
      }
    }
    if (!context.isProtected()) {
      return context.doNothing();
    }
    response.setHeader("WWW-Authenticate", CHALLENGE);
    return context.responseUnauthorized();
  }

  /** Writes and commits the refusal itself: the container adds nothing to a committed response. */
  private static AuthenticationStatus refuse(
      HttpServletRequest request, HttpServletResponse response, LoginThrottledException e) {
    try {
      response.setStatus(e.status());
      response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
      response.setContentType(Problems.PROBLEM_JSON.toString());
      response.setCharacterEncoding("UTF-8");
      response
          .getWriter()
          .write(Problems.body(e.status(), e.getMessage(), request.getRequestURI()).toString());
      response.flushBuffer();
    } catch (IOException gone) {
      // the client left: nothing to tell it
    }
    return AuthenticationStatus.SEND_FAILURE;
  }
}
