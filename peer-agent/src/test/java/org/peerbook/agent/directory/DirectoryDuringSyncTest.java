package org.peerbook.agent.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.store.PausingIterator;

/** The directory while and after a sync changes the copy under it: a directory of its own each. */
class DirectoryDuringSyncTest {
  private static final String BASE = TestDirectory.BASE;

  @TempDir Path dir;

  @RegisterExtension
  final ConnectedDirectory ldap = new ConnectedDirectory(() -> dir, Optional.empty(), 10);

  @Test
  void answersFromTheCopyAsItIsAfterASync() throws LDAPException {
    var book = ldap.directory().book;
    book.upsert(TestDirectory.person("li", "李娜", "娜", "李", "li.na@example.cn", "研发"))
        .delete("anna");
    ldap.directory().syncStore();

    assertThat(ldap.client().search(BASE, SearchScope.SUB, "(ou=研发)").getSearchEntries())
        .extracting(e -> e.getAttributeValue("uid"))
        .containsExactlyInAnyOrder("zhang", "li");
    assertThat(ldap.client().search(BASE, SearchScope.SUB, "(cn=Ångström*)").getEntryCount())
        .isZero();
  }

  @Test
  @Timeout(60) // a directory that waited for the sync would hang here
  void answersFromTheLastVersionWhileASyncIsChangingTheCopy() throws Exception {
    var book = ldap.directory().book;
    book.upsert(TestDirectory.person("li", "李娜", "娜", "李", "li.na@example.cn", "研发"));
    var pausing = new PausingIterator<>(book.contacts.values().iterator(), 3);
    CompletableFuture<Integer> applying =
        CompletableFuture.supplyAsync(
            () -> ldap.directory().store.replaceWithSnapshot(book.head(), pausing));
    try {
      pausing.awaitPause();

      // the snapshot's transaction holds the writer: the directory reads beside it
      assertThat(ldap.client().search(BASE, SearchScope.SUB, "(ou=研发)").getSearchEntries())
          .extracting(e -> e.getAttributeValue("uid"))
          .containsExactly("zhang");
    } finally {
      pausing.release();
    }
    assertThat(applying.get()).isEqualTo(book.contacts.size());
    assertThat(ldap.client().search(BASE, SearchScope.SUB, "(ou=研发)").getEntryCount()).isEqualTo(2);
  }
}
