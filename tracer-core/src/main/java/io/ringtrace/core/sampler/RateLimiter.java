/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A lock-free token bucket: {@code rate} tokens per second, at most {@code burst} held, full at
 * creation. {@link #tryAcquire()} takes one token or answers false.
 *
 * <p><b>How.</b> The bucket is one number in one {@link AtomicLong}: the <em>theoretical arrival
 * time</em> TAT of the generic cell rate algorithm, measured in tokens on a time axis where
 * {@code x(t) = (t - t0) * rate / 1e9} (t in nanoseconds of the injected clock, t0 the creation
 * time). A token is available at time t when {@code TAT - x(t) <= burst - 1}; taking it sets TAT
 * to {@code max(TAT, x(t)) + 1}. This is exactly a token bucket of capacity {@code burst} that
 * refills continuously at {@code rate}: over any window of W seconds it grants at most {@code burst
 * + W * rate} tokens, and exactly that many to a caller that keeps asking. x is computed from t0
 * each time, not accumulated, so no rounding error builds up; for whole rates and whole-nanosecond
 * boundaries the arithmetic is exact.
 *
 * <p><b>Threads and memory ordering.</b> Any thread may call {@link #tryAcquire()}. TAT is read
 * with a volatile read and advanced with a CAS (compare-and-exchange). A refusal writes nothing,
 * so an empty bucket under heavy load costs each caller one volatile read and no cache-line
 * traffic. A failed CAS means another caller took a token; the loser re-reads and tries again
 * with the same x, so a call loops at most once per token it could have had: bounded, no caller
 * waits on another's progress, and tokens go to callers in CAS order (no lock, no holder to
 * starve behind). The clock is read once per call, before the loop; reading it earlier than the
 * CAS can only make the answer more conservative.
 */
final class RateLimiter {

  private static final double NANOS_PER_SECOND = 1e9;

  private final double ratePerSecond;
  private final double burst;
  private final double maxDebt; // burst - 1: how far TAT may run ahead of x
  private final LongSupplier nanoTime;
  private final long originNanos;
  private final AtomicLong tatBits; // Double.doubleToRawLongBits(TAT)

  /**
   * @param ratePerSecond tokens per second, finite and positive
   * @param burst capacity, at least 1
   * @param nanoTime a monotonic clock in nanoseconds, like {@link System#nanoTime()}
   */
  RateLimiter(double ratePerSecond, double burst, LongSupplier nanoTime) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be finite and > 0: " + ratePerSecond);
    }
    if (!(burst >= 1) || Double.isInfinite(burst)) {
      throw new IllegalArgumentException("burst must be finite and >= 1: " + burst);
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.maxDebt = burst - 1;
    this.nanoTime = nanoTime;
    this.originNanos = nanoTime.getAsLong();
    this.tatBits = new AtomicLong(Double.doubleToRawLongBits(0.0)); // full: TAT = x(t0)
  }

  /** Takes a token if one is available; never blocks. */
  boolean tryAcquire() {
    // The difference, not the absolute value: nanoTime may be negative and may wrap.
    double x = (double) (nanoTime.getAsLong() - originNanos) * ratePerSecond / NANOS_PER_SECOND;
    long bits = tatBits.get();
    while (true) {
      double tat = Double.longBitsToDouble(bits);
      if (tat - x > maxDebt) return false;
      long next = Double.doubleToRawLongBits(Math.max(tat, x) + 1.0);
      long witness = tatBits.compareAndExchange(bits, next);
      if (witness == bits) return true;
      bits = witness;
    }
  }

  double ratePerSecond() {
    return ratePerSecond;
  }

  double burst() {
    return burst;
  }
}
