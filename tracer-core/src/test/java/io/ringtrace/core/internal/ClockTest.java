/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The re-anchoring clock, over a wall clock and a nanoTime the test moves by hand. */
class ClockTest {

  static final long START_EPOCH_NANOS = 1_700_000_000_000_000_000L;
  static final long INTERVAL = TimeUnit.SECONDS.toNanos(1);

  final AtomicLong wall = new AtomicLong(START_EPOCH_NANOS);
  final AtomicLong ticks = new AtomicLong(42_000_000_000L); // nanoTime has an arbitrary origin
  final Clock clock = Clock.reanchoring(wall::get, ticks::get, INTERVAL);

  /** Both sources advance by {@code nanos}, the wall clock {@code drift} further. */
  void elapse(long nanos, long drift) {
    ticks.addAndGet(nanos);
    wall.addAndGet(nanos + drift);
  }

  @Test
  void withinTheInterval_timestampsFollowNanoTimeFromTheAnchor() {
    elapse(500_000_000L, 7_000); // the wall clock moved on its own: not read again yet
    assertThat(clock.epochNanos()).isEqualTo(START_EPOCH_NANOS + 500_000_000L);
  }

  @Test
  void afterTheInterval_aWallClockCorrectionIsFollowed() {
    elapse(INTERVAL - 1, 0);
    elapse(1, -3_000_000); // NTP stepped the wall clock back by 3 ms
    assertThat(clock.epochNanos()).isEqualTo(wall.get());
  }

  @Test
  void driftDoesNotAddUp_overManyIntervals() {
    Clock anchoredOnce = Clock.reanchoring(wall::get, ticks::get, Long.MAX_VALUE);
    for (int i = 0; i < 10_000; i++) { // about three hours, nanoTime 50 ppm slow against NTP
      elapse(INTERVAL, 50_000);
      clock.epochNanos();
    }
    elapse(INTERVAL / 2, 25_000);
    long now = clock.epochNanos();
    assertThat(wall.get() - anchoredOnce.epochNanos()).as("drift of a clock anchored once")
        .isGreaterThan(500_000_000L);
    assertThat(Math.abs(wall.get() - now)).isLessThanOrEqualTo(25_000L); // half an interval's drift
  }

  @Test
  void anAnchorKept_givesExactDurations_acrossAReanchorAndAWallClockStep() {
    Clock span = clock.anchor();
    long start = span.epochNanos();
    elapse(INTERVAL, 0);
    elapse(10_000_000L, -2_000_000_000L); // wall clock stepped back 2 s meanwhile
    clock.epochNanos(); // the tracer's clock re-anchors
    long end = span.epochNanos();
    assertThat(end - start).isEqualTo(INTERVAL + 10_000_000L);
  }

  @Test
  void aReanchor_isSeenByAnchorsTakenAfterIt() {
    elapse(INTERVAL, 5_000_000L);
    clock.epochNanos(); // a span's start
    Clock span = clock.anchor();
    assertThat(span.epochNanos()).isEqualTo(wall.get());
  }

  @Test
  void theSystemClock_isCloseToTheWallClock() {
    long wallNow = System.currentTimeMillis();
    long nanos = Clock.system().epochNanos();
    assertThat(TimeUnit.NANOSECONDS.toMillis(nanos)).isBetween(wallNow - 1_000, wallNow + 60_000);
  }
}
