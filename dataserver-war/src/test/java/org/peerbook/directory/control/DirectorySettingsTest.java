package org.peerbook.directory.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peerbook.directory.entity.ContactField;
import org.peerbook.directory.entity.DirectorySource;
import org.peerbook.directory.entity.Flavour;

class DirectorySettingsTest {

  private static Map<String, String> twoSources() {
    Map<String, String> settings = new HashMap<>();
    settings.put("peerbook.directory.sources", "hr, ad");
    settings.put("peerbook.directory.hr.url", "ldap://ldap.example.com");
    settings.put("peerbook.directory.hr.base-dn", "ou=people,dc=example,dc=com");
    settings.put("peerbook.directory.ad.url", "ldaps://dc1.corp.example.com:3269");
    settings.put("peerbook.directory.ad.base-dn", "DC=corp,DC=example,DC=com");
    settings.put("peerbook.directory.ad.bind-dn", "svc-peerbook@corp.example.com");
    settings.put("peerbook.directory.ad.password", "secret");
    settings.put("peerbook.directory.ad.flavour", "active-directory");
    settings.put("peerbook.directory.ad.interval", "PT15M");
    settings.put("peerbook.directory.ad.map.phones.home", "homePhone");
    return settings;
  }

  private static List<DirectorySource> read(Map<String, String> settings) {
    return DirectorySettings.read(k -> Optional.ofNullable(settings.get(k)), settings.keySet());
  }

  @Test
  void readsSeveralSourcesWithTheirFlavoursDefaults() {
    List<DirectorySource> sources = read(twoSources());

    assertThat(sources).extracting(DirectorySource::name).containsExactly("hr", "ad");
    DirectorySource hr = sources.get(0);
    assertThat(hr.flavour()).isEqualTo(Flavour.OPENLDAP);
    assertThat(hr.host()).isEqualTo("ldap.example.com");
    assertThat(hr.port()).isEqualTo(389);
    assertThat(hr.tls()).isFalse();
    assertThat(hr.bindDn()).isEmpty();
    assertThat(hr.filter()).isEqualTo("(objectClass=inetOrgPerson)");
    assertThat(hr.pageSize()).isEqualTo(500);
    assertThat(hr.interval()).contains(Duration.ofHours(1));
    assertThat(hr.maxEntries()).isEqualTo(1_000_000);
    assertThat(hr.maxRunTime()).isEqualTo(Duration.ofHours(1));
    assertThat(hr.attributesOf(ContactField.ID)).containsExactly("entryUUID");
    assertThat(hr.attributesOf(ContactField.DEPARTMENT)).containsExactly("ou");
    assertThat(hr.attributesOf(ContactField.HOME_PHONES)).isEmpty();

    DirectorySource ad = sources.get(1);
    assertThat(ad.tls()).isTrue();
    assertThat(ad.port()).isEqualTo(3269);
    assertThat(ad.interval()).contains(Duration.ofMinutes(15));
    assertThat(ad.filter()).contains("(objectCategory=person)").contains("userAccountControl");
    assertThat(ad.attributesOf(ContactField.ID)).containsExactly("objectGUID");
    assertThat(ad.attributesOf(ContactField.DEPARTMENT)).containsExactly("department");
    assertThat(ad.attributesOf(ContactField.OFFICE_LOCATION))
        .containsExactly("physicalDeliveryOfficeName");
    assertThat(ad.attributesOf(ContactField.HOME_PHONES)).containsExactly("homePhone");
    assertThat(ad.toString()).doesNotContain("secret");
  }

  @Test
  void noSourcesConfiguredIsNoSources() {
    assertThat(read(Map.of())).isEmpty();
  }

  @Test
  void aMappingCanListFallbacksOrBeSwitchedOff() {
    Map<String, String> settings = twoSources();
    settings.put("peerbook.directory.hr.map.displayName", "displayName, cn");
    settings.put("peerbook.directory.hr.map.manager", "");
    settings.put("peerbook.directory.hr.interval", "off");

    DirectorySource hr = read(settings).get(0);

    assertThat(hr.attributesOf(ContactField.DISPLAY_NAME)).containsExactly("displayName", "cn");
    assertThat(hr.attributesOf(ContactField.MANAGER)).isEmpty();
    assertThat(hr.interval()).isEmpty();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "peerbook.directory.hr.flavour|openldap2|'openldap2' is none of [openldap, active-directory]",
        "peerbook.directory.hr.url|http://ldap.example.com|is not an LDAP URL",
        "peerbook.directory.hr.url|not a url|is not an LDAP URL",
        "peerbook.directory.hr.base-dn|people|is not a DN",
        "peerbook.directory.hr.filter|(objectClass=inetOrgPerson|is not an LDAP filter",
        "peerbook.directory.hr.page-size|0|is not a number from 1 to 10000",
        "peerbook.directory.hr.interval|15 minutes|is not a positive ISO-8601 duration",
        "peerbook.directory.hr.max-entries|0|is not a number from 1 to 100000000",
        "peerbook.directory.hr.max-entries|lots|is not a number from 1 to 100000000",
        "peerbook.directory.hr.max-run-time|PT0S|is not a positive ISO-8601 duration",
        "peerbook.directory.hr.map.nickname|displayName|no contact field 'nickname'",
        "peerbook.directory.hr.map.emails|mail address|is not an attribute name",
        "peerbook.directory.hr.map.id|''|every contact needs one",
        "peerbook.directory.hr.bindDn|cn=admin|no such setting",
        "peerbook.directory.hq.url|ldap://x|source 'hq' is not in peerbook.directory.sources",
        "PEERBOOK_DIRECTORY_HR_BINDDN|cn=admin|no such directory setting",
        "peerbook.directory.sources|hr,Bad_Name|'Bad_Name' is not a source name",
      })
  void refusesAMisconfiguredSourceLoudly(String key, String value, String problem) {
    Map<String, String> settings = twoSources();
    settings.put(key, value);

    assertThatThrownBy(() -> read(settings))
        .isInstanceOf(InvalidDirectorySettingsException.class)
        .hasMessageContaining(key)
        .hasMessageContaining(problem);
  }

  @Test
  void acceptsTheEnvironmentVariableFormOfEveryKey() {
    Map<String, String> settings = twoSources();
    settings.put("PEERBOOK_DIRECTORY_HR_BIND_DN", "cn=reader,dc=example,dc=com");
    settings.put("PEERBOOK_DIRECTORY_HR_MAP_PHONES_FAX", "facsimileTelephoneNumber");

    assertThat(read(settings)).hasSize(2);
  }

  @Test
  void aBindDnNeedsAPassword() {
    Map<String, String> settings = twoSources();
    settings.put("peerbook.directory.hr.bind-dn", "cn=reader,dc=example,dc=com");

    assertThatThrownBy(() -> read(settings))
        .hasMessageContaining("peerbook.directory.hr.password: required with a bind-dn");
  }

  @Test
  void listsEveryProblemAtOnce() {
    Map<String, String> settings = twoSources();
    settings.remove("peerbook.directory.hr.url");
    settings.put("peerbook.directory.ad.flavour", "novell");

    assertThatThrownBy(() -> read(settings))
        .hasMessageContaining("peerbook.directory.hr.url: required")
        .hasMessageContaining("'novell'");
  }
}
