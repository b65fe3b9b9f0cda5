package org.peerbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.OperationTimeoutException;
import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
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
