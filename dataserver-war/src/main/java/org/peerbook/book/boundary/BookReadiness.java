package org.peerbook.book.boundary;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.peerbook.book.control.BookLog;

/** Ready once the database answers with a signed head: {@code GET /health/ready}. */
@Readiness
@ApplicationScoped
public class BookReadiness implements HealthCheck {
  @EJB BookLog log;

  @Override
  public HealthCheckResponse call() {
    try {
      BookLog.HeadView view = log.headView();
      return HealthCheckResponse.named("book")
          .up()
          .withData("version", view.head().version())
          .withData("logFloor", view.logFloor())
          .build();
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("book").down().withData("error", e.toString()).build();
    }
  }
}
