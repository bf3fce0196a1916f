/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

/**
 * Decides whether a new span records and is exported.
 *
 * <p>The tracer asks the sampler once for every new span, telling it what kind of parent the span
 * has; a span whose parent carries a debug flag, or that is tagged {@code sampling.priority} at
 * start, is decided by those overrides and the sampler is not asked. The decision travels in the
 * span's context and on the wire, so a trace is decided once, where it starts, as long as the
 * sampler follows the parent: {@link #parentBased(Sampler)} does, and so does {@link
 * #jaegerRemote(String)}. The other samplers of this package are <em>root samplers</em>: they
 * ignore the parent, and are meant to be wrapped, e.g. {@code parentBased(traceIdRatio(0.01))}.
 * The default is {@code parentBased(alwaysOn())}.
 *
 * <p>The factory methods are named after the values of {@code OTEL_TRACES_SAMPLER}: {@code
 * always_on} is {@link #alwaysOn()}, {@code traceidratio} is {@link #traceIdRatio(double)}, {@code
 * parentbased_traceidratio} is {@code parentBased(traceIdRatio(ratio))}, {@code ratelimiting} is
 * {@link #rateLimiting(double)}, {@code jaeger_remote} is {@link #jaegerRemote(String)}, and so on.
 *
 * <p>Implementations must be thread-safe, never block, never throw, and should not allocate: the
 * decision runs on the application thread for every span. Return preallocated {@link
 * SamplingDecision}s. A sampler that holds resources (a thread, a connection) implements {@link
 * AutoCloseable}; the tracer closes it when the tracer is closed.
 */
public interface Sampler {

  /** What the new span's parent says about sampling. */
  enum Parent {
    /** No parent, or a parent that carries no decision: the span starts a trace here. */
    NONE,
    /** A parent from another process (extracted from a carrier) that was sampled. */
    REMOTE_SAMPLED,
    /** A parent from another process that was not sampled. */
    REMOTE_NOT_SAMPLED,
    /** A parent span of this tracer that was sampled. */
    LOCAL_SAMPLED,
    /** A parent span of this tracer that was not sampled. */
    LOCAL_NOT_SAMPLED
  }

  /**
   * Decides for a new span.
   *
   * @param parent what the parent says
   * @param traceIdHigh upper 64 bits of the trace id (zero for a 64-bit id)
   * @param traceIdLow lower 64 bits of the trace id
   * @param operationName the span's operation name, never {@code null}
   * @return the decision, never {@code null}
   */
  SamplingDecision sample(Parent parent, long traceIdHigh, long traceIdLow, String operationName);

  /** Samples every trace ({@code OTEL_TRACES_SAMPLER=always_on}). */
  static Sampler alwaysOn() {
    return ConstantSampler.ALWAYS_ON;
  }

  /** Samples no trace ({@code OTEL_TRACES_SAMPLER=always_off}). */
  static Sampler alwaysOff() {
    return ConstantSampler.ALWAYS_OFF;
  }

  /**
   * Follows the parent's decision when there is one, otherwise asks {@code root} ({@code
   * OTEL_TRACES_SAMPLER=parentbased_*}). For other behaviour per kind of parent, see {@link
   * #parentBasedBuilder(Sampler)}.
   */
  static Sampler parentBased(Sampler root) {
    return parentBasedBuilder(root).build();
  }

  /**
   * A parent-based sampler that decides per kind of parent: by default it samples the children of
   * sampled parents, drops the children of unsampled parents and asks {@code root} for spans
   * without a parent.
   */
  static ParentBasedSamplerBuilder parentBasedBuilder(Sampler root) {
    return new ParentBasedSamplerBuilder(root);
  }

  /**
   * Samples a fraction {@code ratio} of traces, decided from the trace id alone, so that every
   * service decides the same way for the same trace id and ratio ({@code
   * OTEL_TRACES_SAMPLER=traceidratio}). The rule: a trace is sampled when the lower 56 bits of its
   * id, read as an unsigned number R, satisfy {@code R >= 2^56 - round(ratio * 2^56)} (W3C Trace
   * Context level 2 randomness, OpenTelemetry's consistent-probability threshold). Ratio 0 samples
   * nothing and 1 everything, exactly. Records {@code sampler.type=probabilistic} and {@code
   * sampler.param=ratio} on the trace root.
   *
   * @param ratio between 0 and 1, inclusive
   * @throws IllegalArgumentException if {@code ratio} is not in [0, 1]
   */
  static Sampler traceIdRatio(double ratio) {
    return TraceIdRatioSampler.create(ratio);
  }

  /**
   * Samples at most {@code tracesPerSecond} traces per second, with a burst of one second's worth
   * (at least one trace) ({@code OTEL_TRACES_SAMPLER=ratelimiting}). Lock-free. A rate of 0 is
   * {@link #alwaysOff()}. Records {@code sampler.type=ratelimiting} and {@code
   * sampler.param=tracesPerSecond} on the trace root. Ignores the parent: wrap it in {@link
   * #parentBased(Sampler)} so that it counts traces, not spans.
   *
   * @param tracesPerSecond finite, zero or more; fractions allowed (0.1 is one trace per ten s)
   * @throws IllegalArgumentException if {@code tracesPerSecond} is negative, NaN or infinite
   */
  static Sampler rateLimiting(double tracesPerSecond) {
    return RateLimitingSampler.create(
        tracesPerSecond, RateLimitingSampler.defaultBurst(tracesPerSecond), System::nanoTime);
  }

  /**
   * {@link #rateLimiting(double)} with an explicit burst: the number of traces that may be sampled
   * at once after a quiet period.
   *
   * @param burst one or more
   * @throws IllegalArgumentException if {@code tracesPerSecond} is negative, NaN or infinite, or
   *     {@code burst} is less than one, NaN or infinite
   */
  static Sampler rateLimiting(double tracesPerSecond, double burst) {
    return RateLimitingSampler.create(tracesPerSecond, burst, System::nanoTime);
  }

  /**
   * A sampler with a ratio per operation name and a lower bound of traces per second per operation
   * (the Jaeger "guaranteed throughput probabilistic" strategy), and a default for the rest.
   */
  static PerOperationSamplerBuilder perOperation() {
    return new PerOperationSamplerBuilder();
  }

  /**
   * A sampler that polls a Jaeger remote sampling endpoint for the strategy of {@code
   * serviceName} and follows it ({@code OTEL_TRACES_SAMPLER=jaeger_remote}).
   */
  static JaegerRemoteSamplerBuilder jaegerRemote(String serviceName) {
    return new JaegerRemoteSamplerBuilder(serviceName);
  }
}
