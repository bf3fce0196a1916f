/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nanoTime source that moves only when told to. Thread-safe. */
final class FakeNanoClock implements LongSupplier {

  private final AtomicLong now;

  FakeNanoClock(long start) {
    this.now = new AtomicLong(start);
  }

  FakeNanoClock() {
    this(123_456_789L);
  }

  @Override
  public long getAsLong() {
    return now.get();
  }

  void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  void advanceNanos(long nanos) {
    now.addAndGet(nanos);
  }
}
