package org.peerbook.administrators.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.peerbook.administrators.control.BasicCredentials;

/**
 * HTTP Basic for the admin paths. The built-in Basic mechanism answers 500 to a malformed header;
 * this one treats it as no credentials. Credentials on a path that needs none are checked but never
 * refused there: nodes' requests carry their own tokens.
 */
@ApplicationScoped
public class AdministratorAuthentication implements HttpAuthenticationMechanism {
  static final String CHALLENGE = "Basic realm=\"PeerBook administration\", charset=\"UTF-8\"";

  @Inject IdentityStoreHandler identityStores;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    Optional<BasicCredentials> credentials =
        BasicCredentials.parse(request.getHeader("Authorization"));
    if (credentials.isPresent()) {
      CredentialValidationResult result =
          identityStores.validate(
              new UsernamePasswordCredential(
                  credentials.get().name(), new Password(credentials.get().password())));
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
}
