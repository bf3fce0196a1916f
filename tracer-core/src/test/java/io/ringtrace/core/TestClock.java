/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.ringtrace.core.internal.Clock;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand. */
final class TestClock extends Clock {

  private final AtomicLong now;

  TestClock(long startEpochNanos) {
    this.now = new AtomicLong(startEpochNanos);
  }

  @Override
  public long epochNanos() {
    return now.get();
  }

  void advanceNanos(long nanos) {
    now.addAndGet(nanos);
  }
}
