package org.peerbook.agent.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Keys gathered in runs, each sorted and kept deflated on the heap, then handed back in order, all
 * runs merged: an index's keys written in order change each page of its map once ({@link
 * MapIndexBuild}). Deflated, the keys of 100,000 contacts (about a million) took 17 MB, where as
 * strings they would take about 90 MB: more than an agent's heap has to spare. They grow with the
 * book, about 170 bytes a contact: a book several times larger would want them in a file.
 */
final class SortedRuns {
  private final List<byte[]> runs = new ArrayList<>();

  /** Sorts {@code keys}, keeps them as a run and clears the list. */
  void add(List<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    Collections.sort(keys);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try (DataOutputStream out =
        new DataOutputStream(
            new BufferedOutputStream(new DeflaterOutputStream(bytes, deflater, 8192), 8192))) {
      out.writeInt(keys.size());
      for (String key : keys) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      // its native memory, which the stream leaves to a deflater it did not make
      deflater.end();
    }
    runs.add(bytes.toByteArray());
    keys.clear();
  }

  /** Every key of every run, in order; the runs are let go of as the merge starts. */
  Iterator<String> merged() {
    PriorityQueue<Run> next = new PriorityQueue<>(Comparator.comparing((Run run) -> run.key));
    for (byte[] run : runs) {
      Run reader = new Run(run);
      if (reader.advance()) {
        next.add(reader);
      }
    }
    runs.clear();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !next.isEmpty();
      }

      @Override
      public String next() {
        Run run = next.poll();
        if (run == null) {
          throw new NoSuchElementException();
        }
        String key = run.key;
        if (run.advance()) {
          next.add(run);
        }
        return key;
      }
    };
  }

  /** One run read back, a key at a time. */
  private static final class Run {
    private final DataInputStream in;
    private int left;
    private String key;

    Run(byte[] run) {
      // the inflater is the stream's own, ended when the run is read to its end
      this.in =
          new DataInputStream(
              new BufferedInputStream(
                  new InflaterInputStream(new ByteArrayInputStream(run)), 8192));
      try {
        this.left = in.readInt();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Reads the next key; false (and closed) at the run's end. */
    boolean advance() {
      try {
        if (left == 0) {
          in.close();
          return false;
        }
        left--;
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        key = new String(utf8, StandardCharsets.UTF_8);
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
