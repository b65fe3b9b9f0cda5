package org.peerbook.agent.directory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Optional;

/**
 * A client connection's output, which can hold what is written while a search sends its entries and
 * send it together when the search ends: the LDAP SDK writes each message to the socket as it is
 * made, one system call and one wake-up of the client per entry (a third of a 100-entry search's
 * time here). Held output goes out whenever {@link #HELD_BYTES} are held, and before anything is
 * written unheld, so messages always leave in the order they were written.
 */
final class HeldOutput extends OutputStream {
  /** The most a search holds before it sends: a buffer's worth, then each further one. */
  static final int HELD_BYTES = 64 * 1024;

  private final OutputStream socket;
  private final BufferedOutputStream held;
  private boolean holding;

  HeldOutput(OutputStream socket) {
    this.socket = socket;
    this.held = new BufferedOutputStream(socket, HELD_BYTES);
  }

  /** The held output of a connection's socket, if the socket is one of {@link LdapSockets}. */
  static Optional<HeldOutput> of(Socket socket) {
    try {
      return socket.getOutputStream() instanceof HeldOutput output
          ? Optional.of(output)
          : Optional.empty();
    } catch (IOException closed) {
      return Optional.empty();
    }
  }

  /** Holds what is written from now on, until {@link #release()}. */
  synchronized void hold() {
    holding = true;
  }

  /** Sends what is held, and writes through again. */
  synchronized void release() throws IOException {
    holding = false;
    held.flush();
  }

  @Override
  public synchronized void write(int b) throws IOException {
    if (holding) {
      held.write(b);
    } else {
      held.flush();
      socket.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    if (holding) {
      held.write(bytes, offset, length);
    } else {
      held.flush();
      socket.write(bytes, offset, length);
    }
  }

  /** While holding, nothing: held output goes at {@link #release()}. */
  @Override
  public synchronized void flush() throws IOException {
    if (!holding) {
      held.flush();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
