package org.peerbook.agent.store;

import java.util.Iterator;
import java.util.concurrent.CountDownLatch;

/**
 * Hands out another iterator's items but stops before the {@code pauseAt}-th, until released: a
 * snapshot apply held open in the middle, so that a test can read beside it.
 */
public final class PausingIterator<T> implements Iterator<T> {
  private final Iterator<T> items;
  private final int pauseAt;
  private final CountDownLatch halfWay = new CountDownLatch(1);
  private final CountDownLatch goOn = new CountDownLatch(1);
  private int handedOut;

  public PausingIterator(Iterator<T> items, int pauseAt) {
    this.items = items;
    this.pauseAt = pauseAt;
  }

  @Override
  public boolean hasNext() {
    return items.hasNext();
  }

  @Override
  public T next() {
    if (++handedOut == pauseAt) {
      halfWay.countDown();
      try {
        goOn.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return items.next();
  }

  /** Waits until the consumer reached the pause. */
  public void awaitPause() throws InterruptedException {
    halfWay.await();
  }

  public void release() {
    goOn.countDown();
  }
}
