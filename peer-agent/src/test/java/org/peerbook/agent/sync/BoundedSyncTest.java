package org.peerbook.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.transport.SyncSourceClient;
import org.peerbook.protocol.MalformedMessageException;
import org.peerbook.protocol.SourceFault;
import org.peerbook.protocol.SyncAnswer;
import org.peerbook.protocol.SyncRequest;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.VerificationException;

/**
 * One sync with one source over real HTTP is bounded: whatever the source does, it ends within the
 * limits with the fault the requester reports.
 */
class BoundedSyncTest {
  private static final SyncLimits SMALL =
      new SyncLimits(20, Duration.ofSeconds(30), 1L << 20, 4L << 20, 2L << 20);

  /** A short deadline, for the sources that stall. */
  private static final SyncLimits TWO_SECONDS =
      new SyncLimits(20, Duration.ofSeconds(2), 1L << 20, 4L << 20, 2L << 20);

  /** A long deadline, but answers must start within a second and then come at 32 KiB/s. */
  private static final SyncLimits ONE_SECOND_TO_ANSWER =
      new SyncLimits(
          20,
          Duration.ofSeconds(30),
          1L << 20,
          4L << 20,
          2L << 20,
          Duration.ofSeconds(1),
          32 << 10);

  private static final Duration MARGIN = Duration.ofSeconds(5);
  private static final java.net.http.HttpClient HTTP =
      SyncSourceClient.httpClient(org.peerbook.agent.transport.Tls.none().connecting());

  @TempDir Path dir;
  private final TestBook book = new TestBook();
  private LocalStore store;

  @BeforeEach
  void open() {
    for (int i = 0; i < 8; i++) {
      book.upsert(TestBook.contact("c" + (i % 5), "Name " + i));
    }
    store = LocalStore.open(dir, 100);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private CopySync.Result syncFrom(URI address, SyncLimits limits) {
    return new CopySync(store, new SyncVerifier(book.keys.getPublic()), "me", null, limits)
        .syncFrom(new SyncSourceClient(address, () -> "token", HTTP));
  }

  private static SourceFault faultOf(Throwable thrown) {
    return ((SourceFailedException) thrown).fault();
  }

  private SyncAnswer honest(SyncRequest request, int page) {
    long from = request.version();
    if (from == book.head().version()) {
      return new SyncAnswer.Equal(book.head());
    }
    long upTo = Math.min(from + page, book.head().version());
    return new SyncAnswer.Delta(
        book.head(), book.entries(from, upTo), upTo == book.head().version());
  }

  @Test
  void syncsFromAnHonestSourceInPagesWithinTheLimits() {
    try (var source = TestSource.answering(request -> honest(request, 3))) {
      CopySync.Result result = syncFrom(source.syncAddress(), SMALL);

      assertThat(result.version()).isEqualTo(8);
      assertThat(source.requests()).isEqualTo(3);
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(8, 5));
    }
  }

  @Test
  void stopsAtTheFirstEmptyPageThatIsNotTheLast() {
    try (var source =
        TestSource.answering(request -> new SyncAnswer.Delta(book.head(), List.of(), false))) {
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), SMALL))
          .isInstanceOf(SourceFailedException.class)
          .satisfies(e -> assertThat(faultOf(e)).isEqualTo(SourceFault.NO_PROGRESS));
      assertThat(source.requests()).isLessThanOrEqualTo(2);
      assertThat(store.version()).isZero();
    }
  }

  @Test
  void stopsWhenTheSameSnapshotComesAgain() {
    var snapshot = new SyncAnswer.Snapshot(book.head(), List.copyOf(book.contacts.values()));
    try (var source = TestSource.answering(request -> snapshot)) {
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), SMALL))
          .isInstanceOf(SourceFailedException.class)
          .satisfies(e -> assertThat(faultOf(e)).isEqualTo(SourceFault.NO_PROGRESS))
          .hasMessageContaining("holds already");
      assertThat(source.requests()).as("the snapshot, then the same again").isEqualTo(2);
      assertThat(store.summary()).isEqualTo(new LocalStore.Summary(8, 5));
    }
  }

  @Test
  void refusesTheSamePageAgainInsteadOfAskingForEver() {
    var firstPage = new SyncAnswer.Delta(book.head(), book.entries(0, 3), false);
    try (var source = TestSource.answering(request -> firstPage)) {
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), SMALL))
          .isInstanceOf(VerificationException.class);
      assertThat(source.requests()).isEqualTo(2);
      assertThat(store.version()).isZero();
    }
  }

  @Test
  void givesUpAfterThePageCapWhenEveryPageMovesOnlyOneEntry() {
    var limits = new SyncLimits(3, SMALL.deadline(), 1L << 20, 4L << 20, 2L << 20);
    try (var source = TestSource.answering(request -> honest(request, 1))) {
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), limits))
          .isInstanceOf(SourceFailedException.class)
          .satisfies(e -> assertThat(faultOf(e)).isEqualTo(SourceFault.OVERSIZED))
          .hasMessageContaining("more than 3 requests");
      assertThat(source.requests()).isEqualTo(3);
      assertThat(store.version()).as("nothing applied of an unfinished delta").isZero();
    }
  }

  @Test
  void cutsOffASlowDripSenderAtTheDeadlineOfTheWholeSync() {
    try (var source = slowDripSource()) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), TWO_SECONDS))
          .isInstanceOf(SourceFailedException.class)
          .satisfies(e -> assertThat(faultOf(e)).isEqualTo(SourceFault.TIMEOUT));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(took).isBetween(TWO_SECONDS.deadline(), TWO_SECONDS.deadline().plus(MARGIN));
    }
  }

  @Test
  void cutsOffASourceThatNeverAnswersAtTheDeadline() {
    try (var source = new TestSource((request, exchange) -> pause(60_000))) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), TWO_SECONDS))
          .isInstanceOf(SourceFailedException.class)
          .satisfies(e -> assertThat(faultOf(e)).isEqualTo(SourceFault.TIMEOUT));
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isLessThan(TWO_SECONDS.deadline().plus(MARGIN));
    }
  }

  @Test
  void cutsOffASourceThatStartsNoAnswerAtTheAnswerTimeoutNotTheDeadline() {
    try (var source = new TestSource((request, exchange) -> pause(60_000))) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), ONE_SECOND_TO_ANSWER))
          .isInstanceOf(SourceFailedException.class)
          .satisfies(e -> assertThat(faultOf(e)).isEqualTo(SourceFault.TIMEOUT))
          .hasMessageContaining("did not start an answer");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isBetween(ONE_SECOND_TO_ANSWER.answerTimeout(), MARGIN);
    }
  }

  @Test
  void cutsOffASlowDripSenderOnceItFallsBelowTheMinimumRate() {
    try (var source = slowDripSource()) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), ONE_SECOND_TO_ANSWER))
          .isInstanceOf(SourceFailedException.class)
          .satisfies(e -> assertThat(faultOf(e)).isEqualTo(SourceFault.TIMEOUT))
          .hasMessageContaining("bytes/s");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isBetween(ONE_SECOND_TO_ANSWER.answerTimeout(), MARGIN);
    }
  }

  @Test
  void cutsOffASourceThatStopsSendingMidAnswerWhenItsRateRunsOutNotAtTheDeadline() {
    try (var source =
        new TestSource(
            (request, exchange) -> {
              exchange.sendResponseHeaders(200, 0);
              OutputStream out = exchange.getResponseBody();
              out.write("{\"kind\":\"EQUAL\",\"head\":".getBytes(StandardCharsets.UTF_8));
              out.flush();
              pause(60_000);
            })) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), ONE_SECOND_TO_ANSWER))
          .isInstanceOf(SourceFailedException.class)
          .satisfies(e -> assertThat(faultOf(e)).isEqualTo(SourceFault.TIMEOUT))
          .hasMessageContaining("bytes/s");
      // 22 bytes at 32 KiB/s are spent long before the answer timeout: cut there, not at 30 s
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isBetween(ONE_SECOND_TO_ANSWER.answerTimeout(), MARGIN);
    }
  }

  /** A byte every 50 ms: no single read ever waits long, the whole answer never ends. */
  private static TestSource slowDripSource() {
    return new TestSource(
        (request, exchange) -> {
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write("{\"kind\":\"EQUAL\",\"head\":".getBytes(StandardCharsets.UTF_8));
          while (true) {
            out.write(' ');
            out.flush();
            pause(50);
          }
        });
  }

  @Test
  void cutsAGzipBombAtTheDecodedCapLongBeforeItInflates() throws IOException {
    // 1 MiB of short strings per gzip member, sent 65,536 times: 64 GiB of JSON from 64 MB
    byte[] member = gzip("\"x\",".repeat(1 << 18));
    int members = 1 << 16;
    AtomicInteger sent = new AtomicInteger();
    try (var source =
        new TestSource(
            (request, exchange) -> {
              exchange.getResponseHeaders().set("Content-Encoding", "gzip");
              exchange.sendResponseHeaders(200, 0);
              OutputStream out = exchange.getResponseBody();
              out.write(gzip("{\"kind\":\"SNAPSHOT\",\"head\":["));
              for (int i = 0; i < members; i++) {
                out.write(member);
                sent.incrementAndGet();
              }
            })) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), SMALL))
          .isInstanceOf(SourceFailedException.class)
          .satisfies(e -> assertThat(faultOf(e)).isEqualTo(SourceFault.OVERSIZED))
          .hasMessageContaining("bytes");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(MARGIN.multipliedBy(3));
      assertThat(sent.get()).as("cut off long before the end").isLessThan(members);
    }
  }

  @Test
  void cutsOffAStringLongerThanAnyTheProtocolHas() throws IOException {
    try (var source =
        new TestSource(
            (request, exchange) -> {
              exchange.getResponseHeaders().set("Content-Encoding", "gzip");
              exchange.sendResponseHeaders(200, 0);
              OutputStream out = new GZIPOutputStream(exchange.getResponseBody());
              out.write("{\"kind\":\"EQUAL\",\"head\":\"".getBytes(StandardCharsets.UTF_8));
              byte[] letters = "a".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
              for (int i = 0; i < 1 << 14; i++) {
                out.write(letters);
              }
              out.close();
            })) {
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), SMALL))
          .isInstanceOf(SourceFailedException.class)
          .satisfies(e -> assertThat(faultOf(e)).isEqualTo(SourceFault.OVERSIZED))
          .hasMessageContaining("in one string");
    }
  }

  @Test
  void cutsOffMoreBytesOnTheWireThanTheCap() {
    // incompressible enough: the cap on what the wire carries, not on what it inflates to
    try (var source =
        new TestSource(
            (request, exchange) -> {
              exchange.sendResponseHeaders(200, 0);
              OutputStream out = exchange.getResponseBody();
              out.write("{\"kind\":\"SNAPSHOT\",\"head\":[".getBytes(StandardCharsets.UTF_8));
              byte[] strings = "\"x\",".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
              for (int i = 0; i < 64; i++) {
                out.write(strings);
              }
            })) {
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), SMALL))
          .isInstanceOf(SourceFailedException.class)
          .satisfies(e -> assertThat(faultOf(e)).isEqualTo(SourceFault.OVERSIZED))
          .hasMessageContaining("more than " + SMALL.maxReceivedBytes() + " bytes");
    }
  }

  @Test
  void refusesDeeplyNestedJsonAsMalformed() {
    try (var source =
        new TestSource(
            (request, exchange) ->
                TestSource.send(exchange, "{\"kind\":\"EQUAL\",\"head\":" + "[".repeat(100_000)))) {
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), SMALL))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageContaining("deeper than");
    }
  }

  @Test
  void refusesACorruptGzipBodyAsMalformed() {
    try (var source =
        new TestSource(
            (request, exchange) -> {
              exchange.getResponseHeaders().set("Content-Encoding", "gzip");
              TestSource.send(exchange, "{\"kind\":\"EQUAL\"}");
            })) {
      assertThatThrownBy(() -> syncFrom(source.syncAddress(), SMALL))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageContaining("gzip");
    }
  }

  @Test
  void namesABusySourceAndAnUnreachableOne() throws IOException {
    try (var busy =
        new TestSource(
            (request, exchange) -> {
              exchange.getResponseHeaders().set("Retry-After", "1");
              exchange.sendResponseHeaders(503, -1);
            })) {
      assertThatThrownBy(() -> syncFrom(busy.syncAddress(), SMALL))
          .isInstanceOf(SourceFailedException.class)
          .satisfies(e -> assertThat(faultOf(e)).isEqualTo(SourceFault.BUSY))
          .hasMessageContaining("503");
    }
    int closedPort;
    try (var socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    assertThatThrownBy(
            () -> syncFrom(URI.create("http://127.0.0.1:" + closedPort + "/api/sync"), SMALL))
        .isInstanceOf(SourceFailedException.class)
        .satisfies(e -> assertThat(faultOf(e)).isEqualTo(SourceFault.UNREACHABLE));
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static void pause(long millis) {
    TestSource.pause(millis);
  }
}
