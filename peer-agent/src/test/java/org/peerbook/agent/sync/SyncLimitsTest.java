package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.peerbook.agent.transport.SyncSourceClient;
import org.peerbook.agent.transport.Tls;
import org.peerbook.protocol.AnswerHandler;
import org.peerbook.protocol.AnswerJson;
import org.peerbook.protocol.ChangeEntry;
import org.peerbook.protocol.ContactDto;
import org.peerbook.protocol.ContactJson;
import org.peerbook.protocol.HashChain;
import org.peerbook.protocol.Hashes;
import org.peerbook.protocol.Operation;
import org.peerbook.protocol.PhoneDto;
import org.peerbook.protocol.SignedHead;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;

/** The default limits admit what honest sources send for a large book, with room to spare. */
class SyncLimitsTest {
  private static final int BOOK = 100_000;
  private static final SyncLimits DEFAULTS = SyncLimits.DEFAULTS;

  /** A corporate contact with every usual field filled, larger than the benchmark's. */
  private static ContactDto contact(int i) {
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("costCentre", "CC-" + (i % 700));
    attributes.put("employeeNumber", String.valueOf(1_000_000 + i));
    return new ContactDto(
        "employee-" + i,
        (i % 3 == 0 ? "王小明 " : "Person ") + i,
        "Given" + i,
        "Family" + i,
        List.of("p" + i + "@example.com", "person." + i + "@corp.example.com"),
        List.of(new PhoneDto("work", "+86 10 5555 " + i), new PhoneDto("mobile", "+1 555 0" + i)),
        "Example Corporation",
        "Department " + i % 50,
        "Senior Engineer",
        "Manager " + i % 1000,
        "Building " + i % 20 + ", floor " + i % 9,
        attributes);
  }

  @Test
  void admitASnapshotOfAHundredThousandRichContactsTenTimesOverThroughTheRealTransport()
      throws IOException {
    SignedHead head = new TestBook().head();
    Counted json = new Counted();
    byte[] body = snapshotGzipped(head, json);
    System.out.printf(
        "a snapshot of %,d contacts: %,d bytes of JSON, %,d gzipped%n",
        BOOK, json.bytes, body.length);
    assertThat(json.bytes * 10).isLessThan(DEFAULTS.maxDecodedBytes());
    assertThat(body.length * 10L).isLessThan(DEFAULTS.maxReceivedBytes());

    try (var source =
        new TestSource(
            (request, exchange) -> {
              exchange.getResponseHeaders().set("Content-Encoding", "gzip");
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            })) {
      var client =
          new SyncSourceClient(
              source.syncAddress(),
              () -> "token",
              SyncSourceClient.httpClient(Tls.none().connecting()));
      SyncBudget budget = new SyncBudget(DEFAULTS);
      budget.chargeRequest();

      long streamed =
          client.ask(
              new SyncRequest("me", 0, Hashes.ZERO, SyncRequest.MAX_LIMIT),
              budget,
              new AnswerHandler<Long>() {
                @Override
                public Long answer(SyncAnswer answer) {
                  throw new AssertionError("a snapshot was sent");
                }

                @Override
                public Long snapshot(SignedHead at, Iterator<ContactDto> contacts) {
                  budget.streaming();
                  long count = 0;
                  while (contacts.hasNext()) {
                    contacts.next();
                    count++;
                  }
                  return count;
                }
              });

      assertThat(streamed).isEqualTo(BOOK);
    }
  }

  private static byte[] snapshotGzipped(SignedHead head, Counted json) throws IOException {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var gzip = new GZIPOutputStream(bytes, 1 << 16);
        var both = new Tee(gzip, json)) {
      both.write(AnswerJson.snapshotOpening(head));
      for (int i = 0; i < BOOK; i++) {
        both.write((i == 0 ? "" : ",") + ContactJson.toJson(contact(i)));
      }
      both.write(AnswerJson.SNAPSHOT_CLOSING);
    }
    return bytes.toByteArray();
  }

  @Test
  void admitAFullDeltaPageOfRichContactsFiveTimesOver() {
    List<ChangeEntry> page = new ArrayList<>();
    String previous = Hashes.ZERO;
    for (int v = 1; v <= SyncRequest.MAX_LIMIT; v++) {
      ChangeEntry entry =
          HashChain.seal(v, "employee-" + v, Operation.UPSERT, contact(v), Instant.EPOCH, previous);
      page.add(entry);
      previous = entry.hash();
    }
    long bytes =
        AnswerJson.toJson(new SyncAnswer.Delta(new TestBook().head(), page, false))
            .toString()
            .getBytes(StandardCharsets.UTF_8)
            .length;
    System.out.printf("a page of %,d entries: %,d bytes of JSON%n", page.size(), bytes);

    assertThat(bytes * 5).isLessThan(DEFAULTS.maxPageBytes());
    assertThat(BOOK / SyncRequest.MAX_LIMIT + 2).isLessThan(DEFAULTS.maxRequests());
  }

  private static final class Counted extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }

  private static final class Tee implements AutoCloseable {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    void write(String text) throws IOException {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      first.write(bytes);
      second.write(bytes);
    }

    @Override
    public void close() throws IOException {
      first.close();
    }
  }
}
