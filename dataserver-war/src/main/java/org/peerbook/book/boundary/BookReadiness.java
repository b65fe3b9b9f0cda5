package org.peerbook.book.boundary;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.peerbook.ContainerExecutors;
import org.peerbook.book.control.BookLog;

/**
 * Ready once the database answers with a signed head: {@code GET /health/ready}. The database is
 * asked on a thread of its own and given {@link #ANSWER_SECONDS}: a database that stalls makes the
 * check say so (DOWN) in that time, instead of holding the probe's request, and every later
 * probe's, until it answers.
 */
@Readiness
@ApplicationScoped
public class BookReadiness implements HealthCheck {
  static final int ANSWER_SECONDS = 2;

  @EJB BookLog log;

  @Inject ContainerExecutors executors;

  @Override
  public HealthCheckResponse call() {
    Future<BookLog.HeadView> asked;
    try {
      asked = executors.readinessProbes().submit(log::headView);
    } catch (RejectedExecutionException stillWaiting) {
      return down("the database has not answered an earlier check yet");
    }
    try {
      BookLog.HeadView view = asked.get(ANSWER_SECONDS, TimeUnit.SECONDS);
      return HealthCheckResponse.named("book")
          .up()
          .withData("version", view.head().version())
          .withData("logFloor", view.logFloor())
          .build();
    } catch (TimeoutException e) {
      return down("the database did not answer within " + ANSWER_SECONDS + " s");
    } catch (ExecutionException e) {
      return down(e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down("interrupted while waiting for the database");
    }
  }

  private static HealthCheckResponse down(String why) {
    return HealthCheckResponse.named("book").down().withData("error", why).build();
  }
}
