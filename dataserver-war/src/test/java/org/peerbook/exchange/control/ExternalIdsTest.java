package org.peerbook.exchange.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peerbook.exchange.control.ExternalIds.ExternalId;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.MalformedMessageException;

class ExternalIdsTest {

  @Test
  void mapsAKeyToTheSameValidContactIdEveryTime() {
    String id = new ExternalId("hr", "E-0042").contactId();

    assertThat(new ExternalId("hr", "E-0042").contactId()).isEqualTo(id);
    assertThat(ContactJson.requireId(id, "id")).startsWith("ext-");
    assertThat(new ExternalId("crm", "E-0042").contactId()).isNotEqualTo(id);
    assertThat(new ExternalId("hr", "E-0043").contactId()).isNotEqualTo(id);
    // the separator keeps ("hr", "1x") and ("hr1", "x") apart
    assertThat(new ExternalId("hr", "1x").contactId())
        .isNotEqualTo(new ExternalId("hr1", "x").contactId());
  }

  @ParameterizedTest
  @CsvSource({"'', E1, system", "1hr, E1, system", "h r, E1, system", "hr, ' ', externalId"})
  void refusesBadSystemsAndKeys(String system, String key, String field) {
    assertThatThrownBy(() -> new ExternalId(system, key))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageStartingWith(field + ":");
  }

  @Test
  void keepsTheKeyAsAnAttributeAndRefusesAnotherIdOrKey() {
    ExternalId key = new ExternalId("hr", "王-1");
    ContactDto pushed = contact(null, Map.of("costCentre", "4711"));

    ContactDto placed = ExternalIds.place(pushed, key);

    assertThat(placed.id()).isEqualTo(key.contactId());
    assertThat(placed.attributes()).isEqualTo(Map.of("costCentre", "4711", "external.hr", "王-1"));
    assertThat(ExternalIds.place(placed, key)).isEqualTo(placed);
    assertThatThrownBy(() -> ExternalIds.place(contact("other", Map.of()), key))
        .hasMessageStartingWith("id:");
    assertThatThrownBy(() -> ExternalIds.place(contact(null, Map.of("external.hr", "X")), key))
        .hasMessageStartingWith("attributes.external.hr:");
  }

  private static ContactDto contact(String id, Map<String, String> attributes) {
    return new ContactDto(
        id, "Ann", null, null, List.of(), List.of(), null, null, null, null, null, attributes);
  }
}
