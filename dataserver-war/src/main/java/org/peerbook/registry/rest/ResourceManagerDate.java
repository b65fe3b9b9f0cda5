package org.peerbook.registry.rest;

import jakarta.ejb.EJB;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.peerbook.registry.nodes.boundary.ResourceManager;

/**
 * Dates every answer of the API by the resource manager's clock (in a cluster the grid's, {@link
 * org.peerbook.registry.cluster.ClusterTime}), not the container's machine clock: agents read the
 * time peers' tokens expire by from the {@code Date} of the resource manager's answers, and a
 * member whose machine clock is off must not pass its error on to them.
 */
@Provider
public class ResourceManagerDate implements ContainerResponseFilter {
  /** RFC 9110's IMF-fixdate: two-digit days, always GMT. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  @EJB ResourceManager manager;

  // the resource manager's clock never changes once it is up: asked once, not per answer
  private volatile Clock clock;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Clock time = clock;
    if (time == null) {
      time = manager.clock();
      clock = time;
    }
    response.getHeaders().putSingle(HttpHeaders.DATE, HTTP_DATE.format(time.instant()));
  }
}
