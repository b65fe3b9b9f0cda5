package org.peerbook.registry.rest;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Times the nodes' requests to the registry, from matching to the response being written, or to the
 * moment it is held.
 */
@Provider
public class RegistryRequestTimer implements ContainerRequestFilter, ContainerResponseFilter {
  private static final String STARTED = RegistryRequestTimer.class.getName() + ".started";

  @Context ResourceInfo resource;

  @Inject RequestTimings timings;

  @Override
  public void filter(ContainerRequestContext request) {
    if (isNodeRequest()) {
      request.setProperty(STARTED, System.nanoTime());
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(STARTED) instanceof Long started) {
      timings.record(System.nanoTime() - started);
    }
  }

  /**
   * The request is held (a heartbeat until a new head, a source request until help is there): its
   * time so far is the registry's, the time it waits is not.
   */
  static void held(HttpServletRequest request, RequestTimings timings) {
    // Jersey keeps a request's properties as the servlet request's attributes
    if (request.getAttribute(STARTED) instanceof Long started) {
      request.removeAttribute(STARTED);
      timings.record(System.nanoTime() - started);
    }
  }

  private boolean isNodeRequest() {
    return resource != null && resource.getResourceClass() == NodesResource.class;
  }
}
