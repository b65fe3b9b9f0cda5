package org.peerbook.agent.cli;

import java.time.Duration;
import org.peerbook.agent.sync.SyncLimits;
import org.peerbook.protocol.SlowSource;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The bounds of one sync with one source ({@link SyncLimits}): what no source may exceed. */
class SyncLimitOptions {
  private static final long MAX_MB = 1L << 30;

  @Option(
      names = "--sync-max-requests",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_MAX_REQUESTS:-500}",
      description =
          "most requests (pages) in one sync with one source (env PEERBOOK_AGENT_SYNC_MAX_REQUESTS, default: ${DEFAULT-VALUE})")
  int syncMaxRequests;

  @Option(
      names = "--sync-deadline-seconds",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_DEADLINE_SECONDS:-60}",
      description =
          "longest one sync with one source may wait for it in all: connecting, answers, their bytes (env PEERBOOK_AGENT_SYNC_DEADLINE_SECONDS, default: ${DEFAULT-VALUE})")
  long syncDeadlineSeconds;

  @Option(
      names = "--sync-max-received-mb",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_MAX_RECEIVED_MB:-256}",
      description =
          "most MiB read from the wire (gzip) in one sync (env PEERBOOK_AGENT_SYNC_MAX_RECEIVED_MB, default: ${DEFAULT-VALUE})")
  long syncMaxReceivedMb;

  @Option(
      names = "--sync-max-decoded-mb",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_MAX_DECODED_MB:-1024}",
      description =
          "most MiB of JSON after gunzip in one sync (env PEERBOOK_AGENT_SYNC_MAX_DECODED_MB, default: ${DEFAULT-VALUE})")
  long syncMaxDecodedMb;

  @Option(
      names = "--sync-max-page-mb",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_MAX_PAGE_MB:-64}",
      description =
          "most MiB of JSON in one answer held whole, a delta page (env PEERBOOK_AGENT_SYNC_MAX_PAGE_MB, default: ${DEFAULT-VALUE})")
  long syncMaxPageMb;

  @Option(
      names = "--sync-answer-timeout-seconds",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_ANSWER_TIMEOUT_SECONDS:-10}",
      description =
          "longest a source may take to start an answer, and to wait in all before --sync-min-kb-per-second applies (env PEERBOOK_AGENT_SYNC_ANSWER_TIMEOUT_SECONDS, default: ${DEFAULT-VALUE})")
  long syncAnswerTimeoutSeconds;

  @Option(
      names = "--sync-min-kb-per-second",
      defaultValue = "${env:PEERBOOK_AGENT_SYNC_MIN_KB_PER_SECOND:-32}",
      description =
          "KiB a source must send per second of waiting once the answer timeout passed; slower ones are cut (env PEERBOOK_AGENT_SYNC_MIN_KB_PER_SECOND, default: ${DEFAULT-VALUE})")
  long syncMinKbPerSecond;

  @Option(
      names = "--slow-source-kb-per-second",
      defaultValue = "${env:PEERBOOK_AGENT_SLOW_SOURCE_KB_PER_SECOND:-512}",
      description =
          "KiB per second below which a peer is slow once its bytes flowed for --slow-source-patience-ms: the next peer offered is asked beside it and the first to finish wins (0: never) (env PEERBOOK_AGENT_SLOW_SOURCE_KB_PER_SECOND, default: ${DEFAULT-VALUE})")
  long slowSourceKbPerSecond;

  @Option(
      names = "--slow-source-patience-ms",
      defaultValue = "${env:PEERBOOK_AGENT_SLOW_SOURCE_PATIENCE_MS:-1000}",
      description =
          "how long a peer's bytes flow before its speed is judged (env PEERBOOK_AGENT_SLOW_SOURCE_PATIENCE_MS, default: ${DEFAULT-VALUE})")
  long slowSourcePatienceMillis;

  /** The sync limits the options ask for, checked. */
  SyncLimits limits(CommandLine commandLine) {
    if (syncMaxRequests < 1
        || syncDeadlineSeconds < 1
        || syncMaxReceivedMb < 1
        || syncMaxDecodedMb < 1
        || syncMaxPageMb < 1
        || syncAnswerTimeoutSeconds < 1
        || syncMinKbPerSecond < 0
        || syncMinKbPerSecond > MAX_MB
        || syncMaxReceivedMb > MAX_MB
        || syncMaxDecodedMb > MAX_MB
        || syncMaxPageMb > MAX_MB
        || slowSourceKbPerSecond < 0
        || slowSourceKbPerSecond > MAX_MB
        || slowSourcePatienceMillis < 1
        || slowSourcePatienceMillis > 3_600_000) {
      throw new ParameterException(
          commandLine,
          "--sync-max-requests, --sync-deadline-seconds, --sync-max-received-mb,"
              + " --sync-max-decoded-mb, --sync-max-page-mb and --sync-answer-timeout-seconds"
              + " must be at least 1, --sync-min-kb-per-second and --slow-source-kb-per-second"
              + " at least 0 (and the sizes and rates at most "
              + MAX_MB
              + "), --slow-source-patience-ms between 1 and 3,600,000");
    }
    return new SyncLimits(
        syncMaxRequests,
        Duration.ofSeconds(syncDeadlineSeconds),
        syncMaxReceivedMb << 20,
        syncMaxDecodedMb << 20,
        syncMaxPageMb << 20,
        Duration.ofSeconds(syncAnswerTimeoutSeconds),
        syncMinKbPerSecond << 10,
        new SlowSource(Duration.ofMillis(slowSourcePatienceMillis), slowSourceKbPerSecond << 10));
  }
}
