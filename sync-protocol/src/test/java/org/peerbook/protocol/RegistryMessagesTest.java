package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerbook.protocol.registry.HeartbeatRequest;
import org.peerbook.protocol.registry.LeaseAnswer;
import org.peerbook.protocol.registry.RegisterRequest;
import org.peerbook.protocol.registry.SourceOffer;
import org.peerbook.protocol.registry.SourceReport;
import org.peerbook.protocol.registry.SourcesAnswer;

/** The registry messages refuse what breaks section 11.3, naming the member. */
class RegistryMessagesTest {
  private static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text.replace('\'', '"')))) {
      return reader.readObject();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'nodeId':'n','syncAddress':'http://h:1/api/sync','networkAddress':'127.0.0.1','version':0,'extra':1}|extra",
        "{'nodeId':'n','syncAddress':'http://h:1/api/sync','networkAddress':'127.0.0.1','version':-1}|version",
        "{'nodeId':'n','syncAddress':'http://h:1/api/sync','networkAddress':'127.0.0.1'}|version",
        "{'nodeId':'n','syncAddress':'http://h:1/api/sync','networkAddress':'127.0.0.1','version':1,'head':{'version':1}}|head",
      })
  void refusesABadRegistrationNamingTheMember(String body, String member) {
    assertThatThrownBy(() -> RegisterRequest.read(json(body)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining(member);
  }

  @Test
  void readsWhoEnrollsBeforeTheRest() {
    var enrolling =
        RegisterRequest.enrolling(
            json("{'nodeId':'n','credential':'secret','syncAddress':'not checked yet'}"));

    assertThat(enrolling.nodeId()).isEqualTo("n");
    assertThat(enrolling.credential()).contains("secret");
  }

  @Test
  void leavesABlankCredentialOut() {
    var request =
        new RegisterRequest(
            "n", "http://h:1/api/sync", "::1", 0, Optional.empty(), Optional.of(" "));

    assertThat(request.toJson().containsKey("credential")).isFalse();
  }

  @Test
  void refusesAHeartbeatWithALoadOutOfRange() {
    assertThatThrownBy(() -> HeartbeatRequest.read(json("{'version':0,'load':-1}")))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("load");
  }

  @Test
  void readsAHeartbeatWithoutReceivedBytesAsNothingReceived() {
    HeartbeatRequest beat = HeartbeatRequest.read(json("{'version':0,'load':0}"));

    assertThat(beat.received()).isEqualTo(HeartbeatRequest.Received.NOTHING);
    assertThat(beat.toJson().containsKey("received")).as("nothing to say: left out").isFalse();
  }

  @Test
  void readsTheMostPeersANodeServesAndLeavesItOutUnsaid() {
    HeartbeatRequest beat = HeartbeatRequest.read(json("{'version':0,'load':0,'maxServing':2}"));
    assertThat(beat.maxServing()).isEqualTo(2);
    assertThat(beat.toJson().getInt("maxServing")).isEqualTo(2);

    HeartbeatRequest unsaid = HeartbeatRequest.read(json("{'version':0,'load':0}"));
    assertThat(unsaid.maxServing()).isEqualTo(HeartbeatRequest.UNSAID);
    assertThat(unsaid.toJson().containsKey("maxServing")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "10001", "2.5", "'8'"})
  void refusesAMostServedThatIsNotBetweenOneAndTenThousand(String value) {
    assertThatThrownBy(
            () -> HeartbeatRequest.read(json("{'version':0,'load':0,'maxServing':" + value + "}")))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("maxServing");
  }

  @Test
  void refusesReceivedBytesOutOfRangeOrUnknown() {
    assertThatThrownBy(
            () ->
                HeartbeatRequest.read(
                    json("{'version':0,'load':0,'received':{'peer':-1,'dataServer':0}}")))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("received.peer");
    assertThatThrownBy(
            () ->
                HeartbeatRequest.read(
                    json(
                        "{'version':0,'load':0,'received':{'peer':0,'dataServer':1099511627777}}")))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("received.dataServer");
    assertThatThrownBy(
            () ->
                HeartbeatRequest.read(
                    json("{'version':0,'load':0,'received':{'peer':0,'dataServer':0,'x':1}}")))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("received.x");
  }

  @Test
  void refusesALeaseWithATimeThatIsNotOne() {
    String lease =
        "{'leaseSeconds':60,'headVersion':1,'revocations':{'x':'yesterday'},"
            + "'token':{'value':'t','expires':'2026-12-01T10:00:00Z','key':'k','keyEndorsement':'e'},"
            + "'peerToken':{'value':'p','expires':'2026-12-01T10:00:00Z'}}";

    assertThatThrownBy(() -> LeaseAnswer.read(json(lease)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("revocations")
        .hasMessageContaining("yesterday");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "60001", "1.5", "'400'"})
  void refusesASyncSpreadOutOfRange(String spread) {
    assertThatThrownBy(() -> LeaseAnswer.read(json(lease("'syncSpreadMillis':" + spread + ","))))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("syncSpreadMillis");
  }

  @Test
  void readsALeaseWithoutASyncSpreadAsUnsaid() {
    assertThat(LeaseAnswer.read(json(lease(""))).syncSpreadMillis()).isEqualTo(LeaseAnswer.UNSAID);
    assertThat(LeaseAnswer.read(json(lease("'syncSpreadMillis':0,"))).syncSpreadMillis()).isZero();
  }

  private static String lease(String extra) {
    return "{'leaseSeconds':60,'headVersion':1,'revocations':{},"
        + extra
        + "'token':{'value':'t','expires':'2026-12-01T10:00:00Z','key':'k','keyEndorsement':'e'},"
        + "'peerToken':{'value':'p','expires':'2026-12-01T10:00:00Z'}}";
  }

  @Test
  void refusesMoreSourcesThanAnAnswerMayList() {
    JsonArrayBuilder many = Json.createArrayBuilder();
    for (int i = 0; i <= SourcesAnswer.MAX_SOURCES; i++) {
      many.add(new SourceOffer("n" + i, "http://h:1/api/sync", 1, false).toJson());
    }
    JsonObject answer =
        Json.createObjectBuilder().add("sources", many).add("headVersion", 1).build();

    assertThatThrownBy(() -> SourcesAnswer.read(answer))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("sources");
  }

  @Test
  void refusesASourceWhoseAddressIsNotAnAbsoluteUrl() {
    assertThatThrownBy(
            () ->
                SourceOffer.read(
                    json("{'nodeId':'n','syncAddress':'/api/sync','version':1,'dataServer':false}"),
                    "sources[0]"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("sources[0].syncAddress");
  }

  @Test
  void cutsAReasonToWhatTheRegistryTakesAndRefusesAnUnknownFault() {
    assertThat(SourceReport.of("n", SourceFault.TIMEOUT, "x".repeat(5000)).reason())
        .hasSize(SourceReport.MAX_REASON);
    assertThatThrownBy(
            () -> SourceReport.read(json("{'nodeId':'n','fault':'LAZY','reason':'slow'}")))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("fault");
  }
}
