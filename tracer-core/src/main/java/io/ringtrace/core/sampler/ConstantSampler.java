/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

/**
 * Samples all or nothing; the parent is ignored. Records no {@code sampler.*} tags: a constant
 * decision tells a reader of the trace nothing, and two tags on every root span are not free.
 */
final class ConstantSampler implements Sampler {

  static final ConstantSampler ALWAYS_ON = new ConstantSampler(true);
  static final ConstantSampler ALWAYS_OFF = new ConstantSampler(false);

  private final SamplingDecision decision;

  private ConstantSampler(boolean sampled) {
    this.decision = SamplingDecision.of(sampled);
  }

  @Override
  public SamplingDecision sample(
      Parent parent, long traceIdHigh, long traceIdLow, String operationName) {
    return decision;
  }

  @Override
  public String toString() {
    return decision.sampled() ? "AlwaysOn" : "AlwaysOff";
  }
}
