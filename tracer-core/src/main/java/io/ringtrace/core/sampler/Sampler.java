/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

/**
 * Decides whether a new span records and is exported.
 *
 * <p>The tracer asks the sampler once for every new span, telling it what kind of parent the span
 * has; a span whose parent carries a debug flag, or that is tagged {@code sampling.priority} at
 * start, is decided by those overrides and the sampler is not asked. Root samplers ({@link
 * #alwaysOn()}, {@link #alwaysOff()} and the others in this package) ignore the parent; {@link
 * #parentBased(Sampler)} follows it. The default is {@code parentBased(alwaysOn())}.
 *
 * <p>Implementations must be thread-safe, never block, never throw, and should not allocate: the
 * decision runs on the application thread for every span. Return preallocated {@link
 * SamplingDecision}s.
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

  /** Samples every trace. */
  static Sampler alwaysOn() {
    return ConstantSampler.ALWAYS_ON;
  }

  /** Samples no trace. */
  static Sampler alwaysOff() {
    return ConstantSampler.ALWAYS_OFF;
  }

  /** Follows the parent's decision when there is one, otherwise asks {@code root}. */
  static Sampler parentBased(Sampler root) {
    return ParentBasedSampler.create(root);
  }
}
