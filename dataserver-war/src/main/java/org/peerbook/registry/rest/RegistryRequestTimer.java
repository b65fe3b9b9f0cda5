package org.peerbook.registry.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/** Times the nodes' requests to the registry, from matching to the response being written. */
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

  private boolean isNodeRequest() {
    return resource != null && resource.getResourceClass() == NodesResource.class;
  }
}
