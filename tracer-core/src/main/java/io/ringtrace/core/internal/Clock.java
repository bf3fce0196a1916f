/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal;

import java.time.Instant;

/**
 * Epoch-nanosecond timestamps from one wall-clock reading and {@link System#nanoTime()}.
 * Internal, not for public use.
 *
 * <p>The wall clock is read once, when the tracer is built; every timestamp after that is that
 * anchor plus elapsed {@code nanoTime}. Durations are therefore monotonic and sub-microsecond,
 * never negative, and immune to wall-clock steps. The price: a process that runs for weeks drifts
 * from NTP-corrected wall time by the host clock's frequency error. Tests inject their own.
 */
public abstract class Clock {

  /** Nanoseconds since the epoch. */
  public abstract long epochNanos();

  /** The system clock, anchored now. */
  public static Clock system() {
    return new Anchored();
  }

  private static final class Anchored extends Clock {
    private final long anchorEpochNanos;
    private final long anchorNanoTime;

    Anchored() {
      Instant now = Instant.now();
      this.anchorNanoTime = System.nanoTime();
      this.anchorEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public long epochNanos() {
      return anchorEpochNanos + (System.nanoTime() - anchorNanoTime);
    }
  }
}
