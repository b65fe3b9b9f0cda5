package org.peerbook.exchange.control;

import java.util.List;
import java.util.Map;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.PhoneDto;

/** Contacts that use every field, in several scripts. */
final class Samples {
  private Samples() {}

  static final ContactDto FULL =
      new ContactDto(
          "c-1",
          "Zoë O'Brien, \"Zo\"",
          "Zoë",
          "O'Brien",
          List.of("zoe@example.com", "z.obrien@example.org"),
          List.of(new PhoneDto("work", "+41 44 123 45 67"), new PhoneDto("mobile", "+41 79 765")),
          "Example AG",
          "R&D; Lab, Zürich",
          "Head of \"Things\"",
          "c-2",
          "Building 3\\Room 7",
          Map.of("costCentre", "4711", "external.hr", "E-0042", "note", "line one; two, three"));

  static final ContactDto CHINESE =
      new ContactDto(
          "c-2",
          "王小明",
          "小明",
          "王",
          List.of("wang@example.cn"),
          List.of(new PhoneDto("home", "+86 10 1234 5678")),
          "示例公司",
          null,
          "工程师",
          null,
          "北京",
          Map.of());

  static final ContactDto MINIMAL =
      new ContactDto(
          "c-3",
          "Just a name",
          null,
          null,
          List.of(),
          List.of(),
          null,
          null,
          null,
          null,
          null,
          Map.of());

  static final ContactDto DEPARTMENT_ONLY =
      new ContactDto(
          "c-4", "Dee", null, null, List.of(), List.of(), null, "Sales", null, null, null,
          Map.of());

  static final List<ContactDto> ALL = List.of(FULL, CHINESE, MINIMAL, DEPARTMENT_ONLY);
}
