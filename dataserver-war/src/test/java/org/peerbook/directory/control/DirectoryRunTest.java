package org.peerbook.directory.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.peerbook.book.control.StaleContactException;
import org.peerbook.directory.boundary.LdapDirectory;
import org.peerbook.directory.entity.DirectorySource;
import org.peerbook.directory.entity.RunReport;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.PhoneDto;

/** Runs of an OpenLDAP-flavoured source against a real LDAP server over TCP. */
class DirectoryRunTest {
  private TestDirectory directory;
  private final TestBook book = new TestBook();
  private final LdapDirectory ldap = new LdapDirectory();

  @BeforeEach
  void start() throws Exception {
    directory = new TestDirectory(true);
  }

  @AfterEach
  void stop() {
    directory.close();
  }

  private RunReport run(DirectorySource source) {
    return DirectoryRun.run(source, ldap, book, false, Clock.systemUTC());
  }

  private RunReport run() {
    return run(directory.source());
  }

  private void threePeople() throws Exception {
    directory.person(
        "Ada Lovelace",
        "Lovelace",
        "givenName",
        "Ada",
        "mail",
        "ada@example.com",
        "mail",
        "countess@example.com",
        "telephoneNumber",
        "+44 20 7946 0001",
        "mobile",
        "+44 7700 900001",
        "o",
        "Example Ltd",
        "ou",
        "Engineering",
        "title",
        "Analyst",
        "l",
        "London");
    directory.person(
        "Charles Babbage",
        "Babbage",
        "manager",
        "cn=Ada Lovelace," + TestDirectory.PEOPLE,
        "ou",
        "Engineering");
    directory.person("王小明", "王", "givenName", "小明", "ou", "研发部", "l", "北京");
  }

  @Test
  void firstImportCreatesOneContactPerEntry() throws Exception {
    threePeople();

    RunReport report = run();

    assertThat(report.status()).isEqualTo(RunReport.Status.SUCCEEDED);
    assertThat(report.entriesSeen()).isEqualTo(3);
    assertThat(report.creates()).isEqualTo(3);
    assertThat(report.updates() + report.deletes() + report.errorCount()).isZero();
    assertThat(book.recordCalls).isEqualTo(1);
    assertThat(book.log).hasSize(3);
    ContactDto ada = book.byName("Ada Lovelace");
    assertThat(ada.givenName()).isEqualTo("Ada");
    assertThat(ada.familyName()).isEqualTo("Lovelace");
    assertThat(ada.emails()).containsExactly("ada@example.com", "countess@example.com");
    assertThat(ada.phones())
        .containsExactly(
            new PhoneDto("work", "+44 20 7946 0001"), new PhoneDto("mobile", "+44 7700 900001"));
    assertThat(ada.organisation()).isEqualTo("Example Ltd");
    assertThat(ada.department()).isEqualTo("Engineering");
    assertThat(ada.title()).isEqualTo("Analyst");
    assertThat(ada.officeLocation()).isEqualTo("London");
    assertThat(ada.attributes()).containsEntry("source", "hr").containsKey("directoryId");
    assertThat(ada.id())
        .isEqualTo(EntryMapping.contactId("hr", ada.attributes().get("directoryId")));
    assertThat(book.byName("Charles Babbage").manager()).isEqualTo("Ada Lovelace");
  }

  @Test
  void keepsUnicodeValuesExactly() throws Exception {
    threePeople();
    directory.person("Zoë Ørsted-𠜎", "Ørsted", "title", "Ingénieure en chef");

    run();

    ContactDto wang = book.byName("王小明");
    assertThat(wang.givenName()).isEqualTo("小明");
    assertThat(wang.familyName()).isEqualTo("王");
    assertThat(wang.department()).isEqualTo("研发部");
    assertThat(wang.officeLocation()).isEqualTo("北京");
    assertThat(book.byName("Zoë Ørsted-𠜎").title()).isEqualTo("Ingénieure en chef");
  }

  @Test
  void anUnchangedDirectoryMakesNoChange() throws Exception {
    threePeople();
    run();

    RunReport again = run();

    assertThat(again.unchanged()).isEqualTo(3);
    assertThat(again.creates() + again.updates() + again.deletes()).isZero();
    assertThat(book.recordCalls).as("nothing recorded at all").isEqualTo(1);
    assertThat(book.log).hasSize(3);
  }

  @Test
  void anAttributeChangeMakesExactlyOneChange() throws Exception {
    threePeople();
    run();
    String adaId = book.byName("Ada Lovelace").id();

    directory.server.modify(
        "cn=Ada Lovelace," + TestDirectory.PEOPLE,
        new Modification(ModificationType.REPLACE, "title", "Chief Analyst"));
    RunReport report = run();

    assertThat(report.updates()).isEqualTo(1);
    assertThat(report.unchanged()).isEqualTo(2);
    assertThat(book.log).hasSize(4);
    assertThat(book.log.get(3).contactId()).isEqualTo(adaId);
    assertThat(book.contacts.get(adaId).title()).isEqualTo("Chief Analyst");
  }

  @Test
  void renamingAndMovingAnEntryKeepsItsContactId() throws Exception {
    threePeople();
    directory.server.add(
        "dn: ou=research," + TestDirectory.PEOPLE,
        "objectClass: organizationalUnit",
        "ou: research");
    run();
    String adaId = book.byName("Ada Lovelace").id();

    directory.server.modifyDN(
        "cn=Ada Lovelace," + TestDirectory.PEOPLE,
        "cn=Ada King",
        true,
        "ou=research," + TestDirectory.PEOPLE);
    RunReport report = run();

    assertThat(report.updates()).isEqualTo(1);
    assertThat(report.creates() + report.deletes()).isZero();
    assertThat(book.contacts.get(adaId).displayName()).isEqualTo("Ada King");
  }

  @Test
  void aDeletedEntryBecomesATombstone() throws Exception {
    threePeople();
    run();
    String charlesId = book.byName("Charles Babbage").id();

    directory.server.delete("cn=Charles Babbage," + TestDirectory.PEOPLE);
    RunReport report = run();

    assertThat(report.deletes()).isEqualTo(1);
    assertThat(report.creates() + report.updates()).isZero();
    assertThat(book.log).hasSize(4);
    assertThat(book.log.get(3).contactId()).isEqualTo(charlesId);
    assertThat(book.log.get(3).operation()).isEqualTo(Operation.DELETE);
    assertThat(book.contacts).doesNotContainKey(charlesId).hasSize(2);
  }

  @Test
  void entriesLeavingTheFilterAreDeleted() throws Exception {
    threePeople();
    run();

    RunReport narrower =
        run(directory.source("filter", "(&(objectClass=inetOrgPerson)(ou=Engineering))"));

    assertThat(narrower.deletes()).isEqualTo(1);
    assertThat(narrower.unchanged()).isEqualTo(2);
    assertThat(book.contacts.values())
        .extracting(ContactDto::displayName)
        .containsExactlyInAnyOrder("Ada Lovelace", "Charles Babbage");
  }

  @Test
  void eachSourceReconcilesOnlyItsOwnContacts() throws Exception {
    threePeople();
    run();
    book.contacts.put(
        "typed-in",
        new ContactDto(
            "typed-in",
            "Typed In",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of()));
    book.versions.put("typed-in", 99L);

    directory.server.delete("cn=王小明," + TestDirectory.PEOPLE);
    RunReport report = run();

    assertThat(report.deletes()).isEqualTo(1);
    assertThat(book.contacts).containsKey("typed-in");
  }

  @Test
  void aServerThatDiesMidRunAppliesNothing() throws Exception {
    for (int i = 0; i < 25; i++) {
      directory.person("Person " + i, "Number " + i);
    }
    int[] seen = {0};
    DirectoryRun.Directory dying =
        (source, attributes, entries) ->
            ldap.read(
                source,
                attributes,
                entry -> {
                  entries.accept(entry);
                  if (++seen[0] == 10) {
                    // the end of the first page: the next page request finds no server
                    directory.server.shutDown(true);
                  }
                });

    assertThatThrownBy(
            () ->
                DirectoryRun.run(
                    directory.source("page-size", "10"), dying, book, false, Clock.systemUTC()))
        .isInstanceOfSatisfying(
            RunFailedException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(DirectoryFailedException.class);
              assertThat(e.report().status()).isEqualTo(RunReport.Status.FAILED);
              assertThat(e.report().entriesSeen()).isEqualTo(10);
              assertThat(e.report().failure()).contains("hr").contains("unreachable or gone");
            });
    assertThat(book.recordCalls).isZero();
    assertThat(book.contacts).isEmpty();
  }

  @Test
  void aDirectorySendingMoreThanMaxEntriesFailsTheRunAsItCrossesTheLimit() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger sent = new AtomicInteger();
    // all 25 in one answer, whose 7th entry the server holds back until the test ends: a read
    // that waited for the whole answer would wait out the answer timeout
    restartWith(
        () -> {
          if (sent.incrementAndGet() == 7) {
            await(never);
          }
        });
    try {
      for (int i = 0; i < 25; i++) {
        directory.person("Person " + i, "Number " + i);
      }
      long started = System.nanoTime();

      assertThatThrownBy(
              () ->
                  run(directory.source("page-size", "100", "max-entries", "5", "timeout", "PT20S")))
          .isInstanceOfSatisfying(
              RunFailedException.class,
              e -> {
                assertThat(e.getCause()).isInstanceOf(DirectoryFailedException.class);
                assertThat(e.report().status()).isEqualTo(RunReport.Status.FAILED);
                assertThat(e.report().entriesSeen()).isEqualTo(6);
                assertThat(e.report().failure())
                    .contains("hr")
                    .contains("more than 5 entries (max-entries)");
              });
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("ended at the 6th entry, not at the answer timeout")
          .isLessThan(Duration.ofSeconds(20));
      assertThat(book.recordCalls).isZero();
      assertThat(book.contacts).isEmpty();
    } finally {
      never.countDown();
    }
  }

  /** The directory anew, empty, its server running {@code beforeEachEntry} as it sends each. */
  private void restartWith(Runnable beforeEachEntry) throws Exception {
    restartWith(
        new InMemoryOperationInterceptor() {
          @Override
          public void processSearchEntry(InMemoryInterceptedSearchEntry entry) {
            beforeEachEntry.run();
          }
        });
  }

  /** The directory anew, empty, its server's answers passing through {@code interceptor}. */
  private void restartWith(InMemoryOperationInterceptor interceptor) throws Exception {
    directory.close();
    directory = new TestDirectory(true, interceptor);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aDirectoryStillSendingAfterMaxRunTimeFailsTheRun() throws Exception {
    // each entry 300 ms apart, each well within the per-answer timeout: only the run's time ends it
    restartWith(
        () -> {
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    for (int i = 0; i < 10; i++) {
      directory.person("Person " + i, "Number " + i);
    }

    assertThatThrownBy(() -> run(directory.source("max-run-time", "PT1S", "timeout", "PT30S")))
        .isInstanceOfSatisfying(
            RunFailedException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(DirectoryFailedException.class);
              assertThat(e.report().entriesSeen()).isLessThan(10);
              assertThat(e.report().failure())
                  .contains("still sending entries after PT1S (max-run-time)");
            });
    assertThat(book.recordCalls).isZero();
  }

  @Test
  // without the bound the read never ends, and an interrupt does not reach it
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aDirectoryPagingWithoutEndFailsTheRunAtMaxRunTime() throws Exception {
    // every page empty, each with a cookie for the next: no entry ever reaches the run
    restartWith(
        new InMemoryOperationInterceptor() {
          @Override
          public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
            SearchRequest unpaged = request.getRequest().duplicate();
            unpaged.setControls();
            request.setRequest(unpaged);
          }

          @Override
          public void processSearchResult(InMemoryInterceptedSearchResult result) {
            result.setResult(
                new LDAPResult(
                    result.getResult().getMessageID(),
                    ResultCode.SUCCESS,
                    null,
                    null,
                    null,
                    new Control[] {
                      new SimplePagedResultsControl(0, new ASN1OctetString("more"), false)
                    }));
          }
        });

    assertThatThrownBy(() -> run(directory.source("max-run-time", "PT1S")))
        .isInstanceOfSatisfying(
            RunFailedException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(DirectoryFailedException.class);
              assertThat(e.report().entriesSeen()).isZero();
              assertThat(e.report().failure()).contains("still paging after PT1S (max-run-time)");
            });
    assertThat(book.recordCalls).isZero();
  }

  @Test
  void pagesThroughMoreEntriesThanOnePage() throws Exception {
    for (int i = 0; i < 25; i++) {
      directory.person("Person " + i, "Number " + i);
    }
    RunReport report = run(directory.source("page-size", "10"));

    assertThat(report.entriesSeen()).isEqualTo(25);
    assertThat(book.contacts).hasSize(25);
  }

  @Test
  void aWrongPasswordFailsTheRun() throws Exception {
    threePeople();

    assertThatThrownBy(() -> run(directory.source("password", "wrong")))
        .isInstanceOfSatisfying(
            RunFailedException.class,
            e -> assertThat(e.getMessage()).contains("bind refused (invalid credentials)"));
    assertThat(book.recordCalls).isZero();
  }

  @Test
  void anUnreachableServerFailsTheRun() throws Exception {
    String url = directory.url();
    directory.close();

    assertThatThrownBy(() -> run(directory.source("url", url, "timeout", "PT2S")))
        .isInstanceOfSatisfying(
            RunFailedException.class,
            e -> assertThat(e.getCause()).isInstanceOf(DirectoryFailedException.class));
  }

  @Test
  void aNameMappedToAMissingAttributeSkipsEveryEntryAndDeletesNone() throws Exception {
    threePeople();
    run();

    RunReport report = run(directory.source("map.displayName", "nickName"));

    assertThat(report.status()).isEqualTo(RunReport.Status.PARTIAL);
    assertThat(report.errorCount()).isEqualTo(3);
    assertThat(report.errors())
        .first()
        .satisfies(e -> assertThat(e.reason()).contains("has no name [nickName]"));
    assertThat(report.deletes()).as("unmappable entries keep their contacts").isZero();
    assertThat(book.contacts).hasSize(3);
  }

  @Test
  void anOptionalFieldMappedToAMissingAttributeIsLeftEmpty() throws Exception {
    threePeople();

    RunReport report = run(directory.source("map.department", "departmentNumber"));

    assertThat(report.status()).isEqualTo(RunReport.Status.SUCCEEDED);
    assertThat(book.byName("Ada Lovelace").department()).isNull();
  }

  @Test
  void anEntryTheBookWouldRefuseIsReportedAndTheOthersApplied() throws Exception {
    threePeople();
    directory.person("Bad Phone", "Phone", "telephoneNumber", "+1 555 0100 ext. 12");

    RunReport report = run();

    assertThat(report.status()).isEqualTo(RunReport.Status.PARTIAL);
    assertThat(report.creates()).isEqualTo(3);
    assertThat(report.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.dn()).isEqualTo("cn=Bad Phone," + TestDirectory.PEOPLE);
              assertThat(e.reason()).contains("phones[0].number");
            });
  }

  @Test
  void aDryRunChangesNothingAndSaysWhatItWould() throws Exception {
    threePeople();
    run();
    directory.server.delete("cn=Charles Babbage," + TestDirectory.PEOPLE);
    directory.person("Grace Hopper", "Hopper");

    RunReport dry = DirectoryRun.run(directory.source(), ldap, book, true, Clock.systemUTC());

    assertThat(dry.creates()).isEqualTo(1);
    assertThat(dry.deletes()).isEqualTo(1);
    assertThat(dry.sample())
        .extracting(RunReport.PlannedChange::operation, RunReport.PlannedChange::displayName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("create", "Grace Hopper"),
            org.assertj.core.groups.Tuple.tuple("delete", "Charles Babbage"));
    assertThat(book.recordCalls).isEqualTo(1);
    assertThat(book.contacts).hasSize(3);
  }

  @Test
  void aContactEditedDuringTheRunFailsTheRunWhole() throws Exception {
    threePeople();
    run();
    directory.server.modify(
        "cn=Ada Lovelace," + TestDirectory.PEOPLE,
        new Modification(ModificationType.REPLACE, "title", "Chief Analyst"));
    directory.person("Grace Hopper", "Hopper");
    String adaId = book.byName("Ada Lovelace").id();
    DirectoryRun.SourceBook editedMeanwhile =
        new DirectoryRun.SourceBook() {
          @Override
          public Map<String, org.peerbook.directory.entity.StoredContact> contactsOf(String s) {
            var of = book.contactsOf(s);
            book.versions.put(adaId, 1000L); // an administrator's edit after the comparison
            return of;
          }

          @Override
          public long record(List<org.peerbook.book.control.Change> changes) {
            return book.record(changes);
          }
        };

    assertThatThrownBy(
            () ->
                DirectoryRun.run(
                    directory.source(), ldap, editedMeanwhile, false, Clock.systemUTC()))
        .isInstanceOfSatisfying(
            RunFailedException.class,
            e -> assertThat(e.getCause()).isInstanceOf(StaleContactException.class));
    assertThat(book.contacts).hasSize(3);
  }
}
