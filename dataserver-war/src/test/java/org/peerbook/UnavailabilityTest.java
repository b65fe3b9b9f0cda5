package org.peerbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.OperationTimeoutException;
import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import jakarta.resource.ResourceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class UnavailabilityTest {

  @Test
  void aConnectionErrorDeepInAnEjbFailureIsTheDatabaseOutOfReach() {
    var failure =
        new EJBException(
            new PersistenceException(
                "could not read",
                new SQLTransientConnectionException("Connection refused", "08001")));

    assertThat(Unavailability.of(failure))
        .hasValueSatisfying(d -> assertThat(d).contains("database"));
  }

  @Test
  void noConnectionFromThePoolIsTheDatabaseOutOfReach() {
    // what the container's pool says when every connection is in use past its wait
    var failure =
        new EJBException(
            new PersistenceException(
                new SQLException(
                    "Error in allocating a connection. Cause: In-use connections equal"
                        + " max-pool-size and expired max-wait-time.",
                    new ResourceException("expired max-wait-time"))));

    assertThat(Unavailability.of(failure))
        .hasValueSatisfying(d -> assertThat(d).contains("no connection to the database"));
  }

  @Test
  void aGridTimeoutIsTheGridOutOfReach() {
    var failure = new EJBException(new OperationTimeoutException("no answer in 120 s"));

    assertThat(Unavailability.of(failure)).hasValueSatisfying(d -> assertThat(d).contains("grid"));
  }

  @Test
  void anyOtherFailureIsOurs() {
    assertThat(Unavailability.of(new EJBException(new SQLException("syntax", "42601")))).isEmpty();
    assertThat(Unavailability.of(new IllegalStateException("bug"))).isEmpty();
  }
}
