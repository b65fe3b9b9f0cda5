package org.peerbook.sync.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.stream.JsonGenerator;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.peerbook.book.control.BookLog;
import org.peerbook.book.control.ConsistentRead;
import org.peerbook.book.control.ContactMapping;
import org.peerbook.book.entity.BookHead;
import org.peerbook.book.entity.Contact;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.JsonBuilders;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.StateDigest;

/**
 * Writes the whole book at its head as one SNAPSHOT message, each call in a transaction of its own.
 * {@link #build} reads in a {@link ConsistentRead}, so writers go on committing meanwhile (they are
 * not in this snapshot; the next delta carries them); {@link #buildLocked} holds the head row's
 * lock instead, so writers wait. Either way the snapshot is checked before it is handed out: the
 * state digest of the contacts it holds must be the one its signed head carries.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class SnapshotBuilder {
  private static final int CHUNK = 1_000;

  @PersistenceContext(unitName = "book")
  EntityManager em;

  /**
   * Builds without blocking writers.
   *
   * @return {@code null} if what was read is not the book at the head read with it
   */
  public Snapshot build() {
    try (var read = ConsistentRead.begin(em)) {
      return buildAt(BookLog.signedHead(em.find(BookHead.class, BookHead.THE_ONLY_ROW)));
    }
  }

  /** Builds while writers wait: the last resort. */
  public Snapshot buildLocked() {
    Snapshot snapshot =
        buildAt(
            BookLog.signedHead(
                em.find(BookHead.class, BookHead.THE_ONLY_ROW, LockModeType.PESSIMISTIC_WRITE)));
    if (snapshot == null) {
      throw new IllegalStateException("the contacts are not the book its head signs");
    }
    return snapshot;
  }

  private Snapshot buildAt(SignedHead head) {
    var bytes = new ByteArrayOutputStream(1 << 20);
    StateDigest state = StateDigest.empty();
    int count = 0;
    try (var gzip = new GZIPOutputStream(bytes, 1 << 16);
        JsonGenerator json = JsonBuilders.PROVIDER.createGenerator(gzip)) {
      AnswerJson.startSnapshot(json, head);
      String after = "";
      List<Contact> chunk;
      do {
        chunk = nextChunk(after);
        for (Contact contact : chunk) {
          ContactDto dto = ContactMapping.toDto(contact);
          json.write(ContactJson.toJson(dto));
          state.add(dto);
          after = contact.id();
          count++;
        }
        em.clear();
      } while (chunk.size() == CHUNK);
      json.writeEnd().writeEnd();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    if (!state.digest().equals(head.stateDigest())) {
      return null;
    }
    return new Snapshot(head.version(), count, bytes.toByteArray());
  }

  private List<Contact> nextChunk(String after) {
    return em.createQuery(
            "select c from Contact c where c.id > :after order by c.id", Contact.class)
        .setParameter("after", after)
        .setMaxResults(CHUNK)
        .setHint("eclipselink.batch.type", "IN")
        .setHint("eclipselink.batch", "c.emails")
        .setHint("eclipselink.batch", "c.phones")
        .setHint("eclipselink.batch", "c.attributes")
        .getResultList();
  }
}
