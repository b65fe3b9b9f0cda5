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
import java.util.Set;
import org.peerbook.Problems;
import org.peerbook.administrators.control.AdministratorFileUnavailableException;
import org.peerbook.administrators.control.BasicCredentials;
import org.peerbook.administrators.control.LoginThrottledException;
import org.peerbook.limits.control.ClientAddresses;

/**
 * HTTP Basic for the admin paths, or the console's session ({@link ConsoleSession}). The built-in
 * Basic mechanism answers 500 to a malformed header; this one treats it as no credentials.
 * Credentials are checked on every path, so that resources that {@code @RolesAllowed} guards see
 * the caller whatever spelling of their path matched; on a path that {@code web.xml} leaves open a
 * wrong password is not refused here (nodes' requests carry their own tokens, and {@link
 * RolesAllowedCheck} refuses what needs the role). A password that cannot be checked now (see
 * {@link AdministratorIdentityStore}) is refused at once with 429 or 503 and {@code Retry-After}.
 */
@ApplicationScoped
public class AdministratorAuthentication implements HttpAuthenticationMechanism {
  static final String CHALLENGE = "Basic realm=\"PeerBook administration\", charset=\"UTF-8\"";

  @Inject AdministratorIdentityStore administrators;

  @Inject ClientAddresses clients;

  /**
   * The console's requests carry its CSRF header; a Basic challenge would make the browser ask for
   * a password in a dialog of its own, so they get a scheme no browser prompts for.
   */
  static final String CONSOLE_CHALLENGE = "PeerBook-Console realm=\"PeerBook administration\"";

  static String challengeFor(String csrfHeader) {
    return csrfHeader == null ? CHALLENGE : CONSOLE_CHALLENGE;
  }

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    try {
      return authenticate(request, response, context);
    } catch (AdministratorFileUnavailableException e) {
      if (!context.isProtected()) {
        return context.doNothing();
      }
      return refuse(
          request,
          response,
          503,
          AdministratorFileUnavailableException.RETRY_AFTER_SECONDS,
          e.getMessage());
    }
  }

  private AuthenticationStatus authenticate(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    Optional<BasicCredentials> credentials =
        BasicCredentials.parse(request.getHeader("Authorization"));
    if (credentials.isEmpty()) {
      Optional<ConsoleSession> session =
          ConsoleSession.of(request).filter(s -> administrators.isAdministrator(s.name()));
      if (session.isPresent()) {
        if (ConsoleSession.changesState(request) && !session.get().isRepeatedIn(request)) {
          return refuse(
              request,
              response,
              403,
              0,
              "this request changes something: repeat the console session's CSRF token in "
                  + ConsoleSession.CSRF_HEADER);
        }
        return context.notifyContainerAboutLogin(
            session.get().name(), Set.of(AdministratorIdentityStore.ROLE));
      }
    } else {
      CredentialValidationResult result;
      try {
        result =
            administrators.validate(
                credentials.get().name(), credentials.get().password(), clients.of(request));
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
    response.setHeader(
        "WWW-Authenticate", challengeFor(request.getHeader(ConsoleSession.CSRF_HEADER)));
    return context.responseUnauthorized();
  }

  /** Writes and commits the refusal itself: the container adds nothing to a committed response. */
  private static AuthenticationStatus refuse(
      HttpServletRequest request, HttpServletResponse response, LoginThrottledException e) {
    return refuse(request, response, e.status(), e.retryAfterSeconds(), e.getMessage());
  }

  private static AuthenticationStatus refuse(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      long retryAfterSeconds,
      String why) {
    try {
      response.setStatus(status);
      if (retryAfterSeconds > 0) {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
      }
      response.setContentType(Problems.PROBLEM_JSON.toString());
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write(Problems.body(status, why, request.getRequestURI()).toString());
      response.flushBuffer();
    } catch (IOException gone) {
      // the client left: nothing to tell it
    }
    return AuthenticationStatus.SEND_FAILURE;
  }
}
