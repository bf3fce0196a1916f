/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Epoch-nanosecond timestamps from a wall-clock reading (the anchor) plus elapsed {@link
 * System#nanoTime()}. Internal, not for public use.
 *
 * <p><b>Re-anchoring.</b> The {@link #system()} clock reads the wall clock again once more than
 * {@value #REANCHOR_INTERVAL_MILLIS} ms of {@code nanoTime} have passed since its anchor, so that
 * its timestamps follow NTP corrections (and the host clock's frequency error does not add up over
 * weeks): the distance to the wall clock stays below what the wall clock moves against {@code
 * nanoTime} in one interval. The check is one {@code nanoTime} read and a comparison; the new
 * anchor is an immutable object published with one volatile write. Two threads may re-anchor at
 * the same moment: both anchors are right, the last write wins (a benign race).
 *
 * <p><b>Durations.</b> A span keeps the anchor that was current when it started ({@link
 * #anchor()}, read right after the start's {@link #epochNanos()}) and reads its end (and its log timestamps) from that anchor, so its duration is
 * exactly the elapsed {@code nanoTime}: monotonic, never negative, immune to wall-clock steps and
 * to re-anchoring in between. A span that starts after a re-anchor may therefore start up to one
 * correction (typically microseconds) before the end of a parent that started under the previous
 * anchor. Tests inject their own clock, or their own wall-clock and {@code nanoTime} sources.
 */
public abstract class Clock {

  /** How often the {@link #system()} clock reads the wall clock again: {@value} ms. */
  public static final long REANCHOR_INTERVAL_MILLIS = 1_000;

  /** Nanoseconds since the epoch. */
  public abstract long epochNanos();

  /**
   * A clock that keeps the current anchor: for a span that started from {@link #epochNanos()} a
   * moment ago to read its end from, so that its duration is elapsed {@code nanoTime} whatever
   * happens to this clock meanwhile. Costs a field read. The default is this clock itself (right
   * for clocks that never re-anchor, such as test clocks).
   */
  public Clock anchor() {
    return this;
  }

  /** The system clock, anchored now and again every {@value #REANCHOR_INTERVAL_MILLIS} ms. */
  public static Clock system() {
    return new Reanchoring(
        Clock::wallClockEpochNanos,
        System::nanoTime,
        TimeUnit.MILLISECONDS.toNanos(REANCHOR_INTERVAL_MILLIS));
  }

  /**
   * A clock over the given sources that reads {@code wallEpochNanos} again once {@code
   * intervalNanos} of {@code nanoTime} have passed since it last did; for tests.
   */
  public static Clock reanchoring(
      LongSupplier wallEpochNanos, LongSupplier nanoTime, long intervalNanos) {
    if (intervalNanos <= 0) throw new IllegalArgumentException("intervalNanos <= 0: " + intervalNanos);
    return new Reanchoring(wallEpochNanos, nanoTime, intervalNanos);
  }

  private static long wallClockEpochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** One wall-clock reading and the {@code nanoTime} it was taken at. Immutable. */
  private static final class Anchor extends Clock {
    final long epochNanos;
    final long nanoTime;
    final LongSupplier ticks;

    Anchor(long epochNanos, long nanoTime, LongSupplier ticks) {
      this.epochNanos = epochNanos;
      this.nanoTime = nanoTime;
      this.ticks = ticks;
    }

    long epochNanosAt(long ticksNow) {
      return epochNanos + (ticksNow - nanoTime);
    }

    @Override
    public long epochNanos() {
      return epochNanosAt(ticks.getAsLong());
    }
  }

  private static final class Reanchoring extends Clock {
    private final LongSupplier wall;
    private final LongSupplier ticks;
    private final long intervalNanos;
    // NOTE: a benign race. Read and written without a lock; each value is a complete immutable
    // anchor (final fields, volatile publication), and any of the anchors written is right.
    private volatile Anchor current;

    Reanchoring(LongSupplier wall, LongSupplier ticks, long intervalNanos) {
      this.wall = wall;
      this.ticks = ticks;
      this.intervalNanos = intervalNanos;
      this.current = newAnchor();
    }

    private Anchor newAnchor() {
      long epoch = wall.getAsLong();
      return new Anchor(epoch, ticks.getAsLong(), ticks);
    }

    @Override
    public long epochNanos() {
      long now = ticks.getAsLong();
      Anchor a = current;
      if (now - a.nanoTime < intervalNanos) return a.epochNanosAt(now);
      a = newAnchor();
      current = a;
      return a.epochNanos;
    }

    /**
     * The current anchor, without a look at the time: re-anchoring is {@link #epochNanos()}'s
     * job, which every span that starts from the clock calls just before. (A tracer whose spans
     * all carry explicit start timestamps therefore keeps the anchor of its last clock reading.)
     */
    @Override
    public Clock anchor() {
      return current;
    }
  }
}
