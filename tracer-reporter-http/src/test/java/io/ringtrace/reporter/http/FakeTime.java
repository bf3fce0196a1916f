/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time that moves only when the exporter sleeps: backoff and {@code Retry-After} are recorded
 * instead of waited for. Requests themselves still take real time.
 */
final class FakeTime extends Time {

  /** A whole second, so that an HTTP date (second precision) can express it exactly. */
  static final long WALL_MILLIS = 1_700_000_000_000L;

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<Long> sleeps = new ArrayList<>(); // guarded by this
  private volatile Runnable onSleep = () -> {};

  @Override
  long nanoTime() {
    return nanos.get();
  }

  @Override
  long currentTimeMillis() {
    return WALL_MILLIS + (nanos.get() - 1_000_000_000L) / 1_000_000;
  }

  @Override
  void sleep(long nanos, CountDownLatch wake) {
    synchronized (this) {
      sleeps.add(nanos);
    }
    this.nanos.addAndGet(nanos);
    onSleep.run();
  }

  /** Runs {@code action} at every sleep, e.g. to start a collector during the backoff. */
  FakeTime onSleep(Runnable action) {
    this.onSleep = action;
    return this;
  }

  synchronized List<Long> sleeps() {
    return new ArrayList<>(sleeps);
  }
}
