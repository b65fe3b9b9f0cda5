package org.peerbook.administrators.boundary;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;
import org.peerbook.Problems;

/**
 * Enforces {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on resource methods (the
 * method's annotation wins over its class's). {@code web.xml} guards URL patterns, but JAX-RS also
 * matches spellings no pattern names (a trailing slash, matrix parameters...): this check sits on
 * the method that runs, so no spelling of its path reaches it without the role. Jersey's own
 * RolesAllowedDynamicFeature is not registered on Payara, and it answers 403 where a missing login
 * deserves 401 and a challenge.
 */
@Provider
public class RolesAllowedCheck implements DynamicFeature {

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    Method method = resource.getResourceMethod();
    Class<?> type = resource.getResourceClass();
    List<String> roles;
    if (method.isAnnotationPresent(DenyAll.class)) {
      roles = List.of();
    } else if (method.isAnnotationPresent(RolesAllowed.class)) {
      roles = List.of(method.getAnnotation(RolesAllowed.class).value());
    } else if (method.isAnnotationPresent(PermitAll.class)) {
      return;
    } else if (type.isAnnotationPresent(DenyAll.class)) {
      roles = List.of();
    } else if (type.isAnnotationPresent(RolesAllowed.class)) {
      roles = List.of(type.getAnnotation(RolesAllowed.class).value());
    } else {
      return;
    }
    // before anything else reads the request: no body is parsed for a caller who may not call
    context.register(new RoleFilter(roles), Priorities.AUTHORIZATION);
  }

  static final class RoleFilter implements ContainerRequestFilter {
    private final List<String> roles;

    RoleFilter(List<String> roles) {
      this.roles = roles;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      SecurityContext caller = request.getSecurityContext();
      if (caller == null || caller.getUserPrincipal() == null) {
        request.abortWith(
            Response.fromResponse(
                    Problems.of(
                        401,
                        "Unauthorized",
                        "administrator credentials are required (HTTP Basic, or a console session)",
                        request.getUriInfo()))
                .header(
                    HttpHeaders.WWW_AUTHENTICATE,
                    AdministratorAuthentication.challengeFor(
                        request.getHeaderString(ConsoleSession.CSRF_HEADER)))
                .build());
      } else if (roles.stream().noneMatch(caller::isUserInRole)) {
        request.abortWith(
            Problems.of(
                403,
                "Forbidden",
                "these credentials do not grant " + String.join(" or ", roles),
                request.getUriInfo()));
      }
    }
  }
}
