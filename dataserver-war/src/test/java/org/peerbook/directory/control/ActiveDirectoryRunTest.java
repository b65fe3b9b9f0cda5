package org.peerbook.directory.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerbook.directory.boundary.LdapDirectory;
import org.peerbook.directory.entity.RunReport;
import org.peerbook.protocol.ContactDto;

/** The Active Directory flavour: binary objectGUIDs, AD's attribute names, AD's own filter. */
class ActiveDirectoryRunTest {
  // objectGUID 01234567-89ab-cdef-0123-456789abcdef as AD stores it: first three groups reversed
  private static final byte[] GUID = HexFormat.of().parseHex("67452301ab89efcd0123456789abcdef");

  private TestDirectory directory;
  private final TestBook book = new TestBook();

  @BeforeEach
  void start() throws Exception {
    directory = new TestDirectory(false);
  }

  @AfterEach
  void stop() {
    directory.close();
  }

  private void user(String cn, byte[] guid, String... more) throws LDAPException {
    var attributes = new java.util.ArrayList<Attribute>();
    attributes.add(new Attribute("objectClass", "top", "person", "organizationalPerson", "user"));
    attributes.add(new Attribute("objectCategory", "person"));
    attributes.add(new Attribute("cn", cn));
    attributes.add(new Attribute("objectGUID", guid));
    for (int i = 0; i < more.length; i += 2) {
      attributes.add(new Attribute(more[i], more[i + 1]));
    }
    directory.server.add("cn=" + cn + "," + TestDirectory.PEOPLE, attributes);
  }

  private RunReport run() {
    return DirectoryRun.run(
        directory.source(
            "flavour",
            "active-directory",
            // the in-memory server has no AD bitwise matching rule for userAccountControl
            "filter",
            "(&(objectCategory=person)(objectClass=user))"),
        new LdapDirectory(),
        book,
        false,
        Clock.systemUTC());
  }

  @Test
  void readsTheBinaryObjectGuidAsItsCanonicalText() throws Exception {
    user(
        "jsmith",
        GUID,
        "displayName",
        "Jane Smith",
        "givenName",
        "Jane",
        "sn",
        "Smith",
        "mail",
        "jane.smith@corp.example.com",
        "company",
        "Corp",
        "department",
        "Finance",
        "physicalDeliveryOfficeName",
        "Building 7",
        "manager",
        "CN=Mary Major,OU=people,DC=example,DC=com");

    RunReport report = run();

    assertThat(report.creates()).isEqualTo(1);
    ContactDto jane = book.byName("Jane Smith");
    assertThat(jane.attributes())
        .containsEntry("directoryId", "01234567-89ab-cdef-0123-456789abcdef")
        .containsEntry("source", "hr");
    assertThat(jane.id())
        .isEqualTo(EntryMapping.contactId("hr", "01234567-89ab-cdef-0123-456789abcdef"));
    assertThat(jane.organisation()).isEqualTo("Corp");
    assertThat(jane.department()).isEqualTo("Finance");
    assertThat(jane.officeLocation()).isEqualTo("Building 7");
    assertThat(jane.manager()).isEqualTo("Mary Major");
  }

  @Test
  void aRenamedUserKeepsItsContact() throws Exception {
    user("jsmith", GUID, "displayName", "Jane Smith");
    run();
    String id = book.byName("Jane Smith").id();

    directory.server.modifyDN("cn=jsmith," + TestDirectory.PEOPLE, "cn=jdoe", true);
    directory.server.modify(
        "cn=jdoe," + TestDirectory.PEOPLE,
        new Modification(ModificationType.REPLACE, "displayName", "Jane Doe"));
    RunReport report = run();

    assertThat(report.updates()).isEqualTo(1);
    assertThat(report.creates() + report.deletes()).isZero();
    assertThat(book.contacts.get(id).displayName()).isEqualTo("Jane Doe");
  }

  @Test
  void aGuidOfTheWrongLengthIsAnEntryError() throws Exception {
    user("broken", new byte[] {1, 2, 3}, "displayName", "Broken");
    user("fine", GUID, "displayName", "Fine");

    RunReport report = run();

    assertThat(report.status()).isEqualTo(RunReport.Status.PARTIAL);
    assertThat(report.creates()).isEqualTo(1);
    assertThat(report.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("objectGUID has 3 bytes"));
  }
}
