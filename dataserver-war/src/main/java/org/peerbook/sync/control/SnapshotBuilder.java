package org.peerbook.sync.control;

import jakarta.ejb.Stateless;
import jakarta.json.Json;
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
import org.peerbook.book.control.ContactMapping;
import org.peerbook.book.entity.BookHead;
import org.peerbook.book.entity.Contact;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.WireJson;

/**
 * Writes the whole book at its head as one SNAPSHOT message. It holds the head row's lock while it
 * reads, so the contacts it writes are exactly those the head it carries signs.
 */
@Stateless
public class SnapshotBuilder {
  private static final int CHUNK = 1_000;

  @PersistenceContext(unitName = "book")
  EntityManager em;

  public Snapshot build() {
    SignedHead head =
        BookLog.signedHead(
            em.find(BookHead.class, BookHead.THE_ONLY_ROW, LockModeType.PESSIMISTIC_WRITE));
    var bytes = new ByteArrayOutputStream(1 << 20);
    int count = 0;
    try (var gzip = new GZIPOutputStream(bytes, 1 << 16);
        JsonGenerator json = Json.createGenerator(gzip)) {
      WireJson.startSnapshot(json, head);
      String after = "";
      List<Contact> chunk;
      do {
        chunk = nextChunk(after);
        for (Contact contact : chunk) {
          json.write(ContactJson.toJson(ContactMapping.toDto(contact)));
          after = contact.id();
          count++;
        }
        em.clear();
      } while (chunk.size() == CHUNK);
      json.writeEnd().writeEnd();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
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
