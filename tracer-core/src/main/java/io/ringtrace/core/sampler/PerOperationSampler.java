/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A ratio per operation name with a lower bound of traces per second per operation: the Jaeger
 * "guaranteed throughput probabilistic" strategy. Built by {@link PerOperationSamplerBuilder}.
 *
 * <p><b>Per operation.</b> A span of a tracked operation is sampled when the {@linkplain
 * TraceIdRatioSampler trace id rule} samples it at the operation's ratio ({@code
 * sampler.type=probabilistic}), or else when the operation's lower-bound {@link RateLimiter} has a
 * token ({@code sampler.type=lowerbound}); {@code sampler.param} is the ratio in both cases. As in
 * the Jaeger clients, a span sampled by its ratio also takes a lower-bound token when there is
 * one, so the lower bound is a floor on the operation's sampled traces per second, not an
 * addition to them.
 *
 * <p><b>Bounded.</b> The configured operations are tracked from the start; an operation seen for
 * the first time is tracked with the default ratio and its own lower bound while fewer than
 * {@code maxOperations} are tracked. Beyond that, and for names longer than {@link
 * #MAX_OPERATION_NAME_LENGTH}, the default ratio alone decides (no lower bound). Memory is
 * therefore bounded by {@code maxOperations} entries however many names an application makes up.
 *
 * <p><b>Threads.</b> Thread-safe. The hot path is a {@link ConcurrentHashMap#get} (lock-free, no
 * allocation) and the decision of the operation's immutable sampler; tracking a new operation
 * reserves a slot with a CAS on {@link #tracked} before inserting, so the bound holds exactly
 * under any interleaving.
 */
final class PerOperationSampler implements Sampler {

  /** Names longer than this are never tracked: the default ratio decides for them. */
  static final int MAX_OPERATION_NAME_LENGTH = 256;

  static final String LOWER_BOUND_TYPE = "lowerbound";

  private final double defaultRatio;
  private final double lowerBoundPerSecond;
  private final int maxOperations;
  private final LongSupplier nanoTime;
  private final Sampler defaultSampler;
  private final ConcurrentHashMap<String, OperationSampler> operations;
  private final AtomicInteger tracked;

  PerOperationSampler(
      double defaultRatio,
      double lowerBoundPerSecond,
      Map<String, Double> ratios,
      int maxOperations,
      LongSupplier nanoTime) {
    this.defaultRatio = defaultRatio;
    this.lowerBoundPerSecond = lowerBoundPerSecond;
    this.maxOperations = maxOperations;
    this.nanoTime = nanoTime;
    this.defaultSampler = probabilisticOnly(defaultRatio);
    this.operations = new ConcurrentHashMap<>(Math.min(ratios.size(), maxOperations) * 2 + 16);
    int n = 0;
    for (Map.Entry<String, Double> e : ratios.entrySet()) {
      if (n == maxOperations) break; // the builder documents that the first ones are kept
      if (e.getKey().length() > MAX_OPERATION_NAME_LENGTH) continue;
      operations.put(e.getKey(), new OperationSampler(e.getValue(), lowerBoundPerSecond, nanoTime));
      n++;
    }
    this.tracked = new AtomicInteger(n);
  }

  /** The default without a lower bound; ratio 0 still reports the probabilistic type. */
  private static Sampler probabilisticOnly(double ratio) {
    return new OperationSampler(ratio, 0.0, null);
  }

  @Override
  public SamplingDecision sample(
      Parent parent, long traceIdHigh, long traceIdLow, String operationName) {
    OperationSampler op = operations.get(operationName);
    if (op == null) {
      op = track(operationName);
      if (op == null) return defaultSampler.sample(parent, traceIdHigh, traceIdLow, operationName);
    }
    return op.sample(parent, traceIdHigh, traceIdLow, operationName);
  }

  /** Tracks a new operation if the bound allows; null when it does not. */
  private OperationSampler track(String operationName) {
    if (operationName.length() > MAX_OPERATION_NAME_LENGTH) return null;
    while (true) {
      int n = tracked.get();
      if (n >= maxOperations) return null;
      if (tracked.compareAndSet(n, n + 1)) break;
    }
    OperationSampler fresh = new OperationSampler(defaultRatio, lowerBoundPerSecond, nanoTime);
    OperationSampler raced = operations.putIfAbsent(operationName, fresh);
    if (raced != null) {
      tracked.decrementAndGet(); // another thread tracked it first: give the slot back
      return raced;
    }
    return fresh;
  }

  /** The number of operations tracked, at most {@code maxOperations}. */
  int trackedOperations() {
    return tracked.get();
  }

  /** The ratio in force for {@code operationName}, or the default when it is not tracked. */
  double ratioOf(String operationName) {
    OperationSampler op = operations.get(operationName);
    return op == null ? defaultRatio : op.ratio;
  }

  @Override
  public String toString() {
    return "PerOperation{default="
        + defaultRatio
        + ", lowerBound="
        + lowerBoundPerSecond
        + "/s, operations="
        + tracked.get()
        + '/'
        + maxOperations
        + '}';
  }

  /** One operation's ratio and lower bound. Immutable apart from its rate limiter. */
  static final class OperationSampler implements Sampler {
    final double ratio;
    private final long threshold;
    private final RateLimiter lowerBound; // null: none
    private final SamplingDecision probabilistic;
    private final SamplingDecision lowerBoundSampled;
    private final SamplingDecision notSampled;

    OperationSampler(double ratio, double lowerBoundPerSecond, LongSupplier nanoTime) {
      this.ratio = ratio;
      this.threshold = TraceIdRatioSampler.threshold(ratio);
      double burst = RateLimitingSampler.defaultBurst(lowerBoundPerSecond);
      this.lowerBound =
          lowerBoundPerSecond > 0 ? new RateLimiter(lowerBoundPerSecond, burst, nanoTime) : null;
      Double param = ratio;
      this.probabilistic = SamplingDecision.of(true, TraceIdRatioSampler.TYPE, param);
      this.lowerBoundSampled = SamplingDecision.of(true, LOWER_BOUND_TYPE, param);
      this.notSampled = SamplingDecision.of(false, TraceIdRatioSampler.TYPE, param);
    }

    @Override
    public SamplingDecision sample(
        Parent parent, long traceIdHigh, long traceIdLow, String operationName) {
      boolean byRatio = TraceIdRatioSampler.isSampled(traceIdLow, threshold);
      // Taken even when the ratio samples: the lower bound counts every sampled trace.
      boolean byLowerBound = lowerBound != null && lowerBound.tryAcquire();
      if (byRatio) return probabilistic;
      return byLowerBound ? lowerBoundSampled : notSampled;
    }

    @Override
    public String toString() {
      String bound = lowerBound == null ? "" : ", " + lowerBound.ratePerSecond() + "/s";
      return "Operation{" + ratio + bound + '}';
    }
  }
}
