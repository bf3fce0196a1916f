/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import java.util.function.LongSupplier;

/**
 * Samples at most a fixed number of traces per second, through a lock-free {@link RateLimiter}.
 * Thread-safe; see {@link RateLimiter} for the memory ordering and the fairness.
 */
final class RateLimitingSampler implements Sampler {

  /** The type recorded in {@code sampler.type}, as the Jaeger client records it. */
  static final String TYPE = "ratelimiting";

  private final RateLimiter limiter;
  private final SamplingDecision sampled;
  private final SamplingDecision notSampled;

  private RateLimitingSampler(RateLimiter limiter) {
    this.limiter = limiter;
    Double param = limiter.ratePerSecond();
    this.sampled = SamplingDecision.of(true, TYPE, param);
    this.notSampled = SamplingDecision.of(false, TYPE, param);
  }

  /** One second's worth, at least one trace: what the Jaeger clients allow. */
  static double defaultBurst(double tracesPerSecond) {
    return Math.max(1.0, tracesPerSecond);
  }

  /** The sampler; a rate of 0 is the never-sampler. */
  static Sampler create(double tracesPerSecond, double burst, LongSupplier nanoTime) {
    Samplers.checkRate(tracesPerSecond, "tracesPerSecond");
    if (!(burst >= 1.0) || Double.isInfinite(burst)) {
      throw new IllegalArgumentException("burst must be finite and >= 1: " + burst);
    }
    if (tracesPerSecond == 0.0) return Sampler.alwaysOff();
    return new RateLimitingSampler(new RateLimiter(tracesPerSecond, burst, nanoTime));
  }

  @Override
  public SamplingDecision sample(
      Parent parent, long traceIdHigh, long traceIdLow, String operationName) {
    return limiter.tryAcquire() ? sampled : notSampled;
  }

  @Override
  public String toString() {
    return "RateLimiting{" + limiter.ratePerSecond() + "/s, burst=" + limiter.burst() + '}';
  }
}
