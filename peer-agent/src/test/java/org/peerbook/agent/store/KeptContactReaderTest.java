package org.peerbook.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.PhoneDto;
import org.peerbook.protocol.WireJson;

class KeptContactReaderTest {
  private static byte[] kept(ContactDto contact) {
    return StoredJson.bytes(ContactJson.toJson(contact).toString());
  }

  @Test
  void readsBackEveryMemberAsTheStrictReaderDoes() {
    ContactDto contact =
        new ContactDto(
            "carl.cello@music",
            "Carl \"Cello\" \\ Ångström 张伟",
            "Carl",
            "Cello",
            List.of("Carl@Example.com", "carl.cello@music.example"),
            List.of(
                new PhoneDto("work", "+41 (22) 555-0100"), new PhoneDto("mobile", "+41 79 555")),
            "PeerBook AG",
            "Music / Strings \u2028",
            "Cellist",
            "uid=anna,ou=people,o=peerbook",
            "Geneva",
            Map.of("employeeNumber", "42", "costCentre", "7\u00e9"));

    ContactDto read = KeptContactReader.read(kept(contact));

    assertThat(read).isEqualTo(contact);
    assertThat(read)
        .isEqualTo(
            ContactJson.read(
                WireJson.parse(new String(kept(contact), StandardCharsets.UTF_8)),
                "contact",
                true));
  }

  @Test
  void readsAContactWithOnlyItsIdAndName() {
    ContactDto contact =
        new ContactDto(
            "p1", "Prince", null, null, List.of(), List.of(), null, null, null, null, null,
            Map.of());

    assertThat(KeptContactReader.read(kept(contact))).isEqualTo(contact);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":\"p1\",\"displayName\":\"Prince\"",
        "{\"id\":\"p1\",\"displayName\":\"Prince\",\"nickname\":\"P\"}",
        "{\"id\":\"p1\",\"displayName\":42}",
        "{\"id\":\"p1\",\"displayName\":\"Prince\",\"emails\":[\"a@b\",7]}",
        "{\"id\":\"p1\",\"displayName\":\"Prince\",\"phones\":[{\"type\":\"work\",\"number\":5}]}",
        "{\"id\":\"p1\",\"displayName\":\"Prince\",\"attributes\":{\"a\":{}}}",
        "{\"id\":\"p1\",\"displayName\":\"Prince\"}{}",
        "[\"p1\"]",
        ""
      })
  void refusesWhatItNeverWrote(String damaged) {
    assertThatThrownBy(() -> KeptContactReader.read(damaged.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("not JSON it wrote");
  }
}
