package org.peerbook.agent.store;

import java.nio.file.Path;

/**
 * What the copy does when the file system refuses a write (a full disk). The change fails whole and
 * the store closes itself, the file keeping its last commit; the file is then opened again,
 * writable if the file system lets it (an opening commits once), else read-only, so that lookups
 * and peers are answered from the last commit meanwhile. Every method but {@link #problem} is
 * called holding the copy's change lock.
 */
final class FailedWrites {
  private final MapReads reads;
  private final Path file;
  private final int cacheMib;
  private volatile String problem;

  /**
   * @param problem why the copy could not be opened for writing; empty if it could
   */
  FailedWrites(MapReads reads, Path file, int cacheMib, String problem) {
    this.reads = reads;
    this.file = file;
    this.cacheMib = cacheMib;
    this.problem = problem;
  }

  /** Why the last change failed in the file system; empty once one went in, or if none failed. */
  String problem() {
    return problem;
  }

  void succeeded() {
    problem = "";
  }

  /** A change failed: the copy is opened again if the failure closed it. */
  void failed(CopyWriteException e) {
    problem = e.getMessage();
    if (!reads.writer().writable()) {
      reopen();
    }
  }

  /** Whether the copy can take changes now; if not, it tries to open it writable again first. */
  boolean writable() {
    if (!reads.writer().writable()) {
      reopen();
    }
    return reads.writer().writable();
  }

  private void reopen() {
    reads.replaceFile(
        () -> {},
        () -> {
          try {
            return CopyMaps.open(file, cacheMib);
          } catch (StoreException stillFailing) {
            return CopyMaps.openReadOnly(file, cacheMib);
          }
        });
  }
}
