package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerbook.agent.store.Candidates;

class FilterCandidatesTest {

  @Test
  void narrowsWhatThunderbirdSendsToIndexRanges() throws LDAPException {
    Candidates candidates =
        FilterCandidates.of(Filter.create("(|(cn=wang*)(mail=wang*)(sn=wang*)(givenName=wang*))"));

    assertThat(candidates)
        .isEqualTo(
            new Candidates.AnyOf(
                List.of(
                    new Candidates.NameWordPrefix("wang"),
                    new Candidates.EmailPrefix("wang"),
                    new Candidates.NameWordPrefix("wang"),
                    new Candidates.NameWordPrefix("wang"))));
  }

  @Test
  void narrowsAConjunctionByItsIndexedParts() throws LDAPException {
    Candidates candidates =
        FilterCandidates.of(
            Filter.create("(&(objectClass=person)(mail=*)(ou=Sales)(!(cn=x*))(mail=a@b.c))"));

    assertThat(candidates)
        .isEqualTo(
            new Candidates.AllOf(
                List.of(
                    Candidates.ALL,
                    Candidates.ALL,
                    new Candidates.DepartmentPrefix("Sales"),
                    Candidates.ALL,
                    new Candidates.EmailEquals("a@b.c"))));
  }

  @Test
  void looksForContainedNamePartsInColumnsAndNumbersByTheirStartOrEnd() throws LDAPException {
    assertThat(FilterCandidates.of(Filter.create("(cn=*an*na)")))
        .isEqualTo(new Candidates.NameContains(List.of("an", "na")));
    assertThat(FilterCandidates.of(Filter.create("(telephoneNumber=*555-0100)")))
        .isEqualTo(new Candidates.PhoneDigits("555-0100", false, true));
    assertThat(FilterCandidates.of(Filter.create("(telephoneNumber=+41 22*0100)")))
        .isEqualTo(new Candidates.PhoneDigits("+41 22", true, false));
    assertThat(FilterCandidates.of(Filter.create("(telephoneNumber=*5-01*55*)")))
        .as("inside a number: the longest piece, unanchored")
        .isEqualTo(new Candidates.PhoneDigits("5-01", false, false));
    assertThat(FilterCandidates.of(Filter.create("(mobile=+41 79 555)")))
        .isEqualTo(new Candidates.PhoneDigits("+41 79 555", true, true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"(objectClass=*)", "(!(cn=a*))", "(title=Boss)", "(mail=*@example.com)"})
  void scansWhatNoIndexNarrows(String filter) throws LDAPException {
    assertThat(FilterCandidates.of(Filter.create(filter))).isEqualTo(Candidates.ALL);
  }
}
