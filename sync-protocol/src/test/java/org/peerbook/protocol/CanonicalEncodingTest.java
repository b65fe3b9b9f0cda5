package org.peerbook.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CanonicalEncodingTest {

  @Test
  void encodesTheSameContactToTheSameBytes() {
    assertThat(CanonicalEncoding.contact(Samples.alice()))
        .isEqualTo(CanonicalEncoding.contact(Samples.alice()));
  }

  @Test
  void ignoresTheOrderAttributesWereGivenIn() {
    var forward = new TreeMap<String, String>();
    forward.put("a", "1");
    forward.put("b", "2");
    var backward = new TreeMap<String, String>(java.util.Comparator.reverseOrder());
    backward.put("b", "2");
    backward.put("a", "1");
    assertThat(CanonicalEncoding.contact(withAttributes(forward)))
        .isEqualTo(CanonicalEncoding.contact(withAttributes(backward)));
  }

  @Test
  void tellsAnAbsentFieldFromAnEmptyOne() {
    ContactDto absent = Samples.wang();
    ContactDto empty =
        new ContactDto(
            absent.id(),
            absent.displayName(),
            absent.givenName(),
            absent.familyName(),
            absent.emails(),
            absent.phones(),
            absent.organisation(),
            absent.department(),
            "",
            absent.manager(),
            absent.officeLocation(),
            absent.attributes());
    assertThat(CanonicalEncoding.contact(absent)).isNotEqualTo(CanonicalEncoding.contact(empty));
  }

  @Test
  void keepsFieldBoundariesSoShiftedTextDiffers() {
    ContactDto a = Samples.wang();
    ContactDto b =
        new ContactDto(
            a.id(),
            a.displayName(),
            a.givenName() + a.familyName(),
            null,
            a.emails(),
            a.phones(),
            a.organisation(),
            a.department(),
            a.title(),
            a.manager(),
            a.officeLocation(),
            a.attributes());
    assertThat(CanonicalEncoding.contact(a)).isNotEqualTo(CanonicalEncoding.contact(b));
  }

  @Test
  void encodesTextAsUtf8WithItsByteCount() {
    ContactDto minimal =
        new ContactDto(
            "x", "王", null, null, List.of(), List.of(), null, null, null, null, null, Map.of());
    String hex = HexFormat.of().formatHex(CanonicalEncoding.contact(minimal));
    // tag, then id "x" (1 byte), then present display name: 3 UTF-8 bytes e7 8e 8b
    assertThat(hex).contains("0000000178" + "01" + "00000003e78e8b");
  }

  @Test
  void separatesEntriesFromContactsByDomainTag() {
    ChangeEntry entry =
        HashChain.seal(1, "c-alice", Operation.UPSERT, Samples.alice(), Samples.T0, Hashes.ZERO);
    assertThat(
            new String(
                CanonicalEncoding.entryContent(entry), java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("\0\0\0\u0011peerbook-entry-v1");
  }

  private static ContactDto withAttributes(java.util.SortedMap<String, String> attributes) {
    ContactDto a = Samples.alice();
    return new ContactDto(
        a.id(),
        a.displayName(),
        a.givenName(),
        a.familyName(),
        a.emails(),
        a.phones(),
        a.organisation(),
        a.department(),
        a.title(),
        a.manager(),
        a.officeLocation(),
        attributes);
  }
}
