/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

/**
 * Samples a fixed fraction of traces, decided from the trace id alone.
 *
 * <p><b>The rule.</b> Let R be the lower 56 bits of the trace id (the seven rightmost bytes of the
 * 128-bit id, the last 14 hex digits), read as an unsigned number, and T = 2<sup>56</sup> −
 * round(ratio × 2<sup>56</sup>). The trace is sampled when R ≥ T.
 *
 * <p><b>Why these bits and this threshold.</b> W3C Trace Context level 2 makes exactly these 56
 * bits the random part of a trace id (its {@code random} trace flag promises it), and
 * OpenTelemetry's consistent probability sampling compares them with a rejection threshold T in
 * this way (T is what it carries as {@code th} in {@code tracestate}; ratio 0.25 gives T = {@code
 * 0xc0000000000000}, {@code th:c}). Using the low bits keeps the decision random for ids whose
 * high bits are not (ids that start with a timestamp), and for 64-bit ids from B3 and Jaeger
 * ({@code traceIdHigh == 0}), whose low 64 bits are random; the high 64 bits are never read.
 * Consequences:
 *
 * <ul>
 *   <li>Every service using this rule with the same ratio decides the same way for the same id.
 *   <li>A trace sampled at one ratio is sampled at every higher ratio, so services with different
 *       ratios keep nested subsets of the traces.
 *   <li>Ratio 0 gives T = 2<sup>56</sup>, which no R reaches; ratio 1 gives T = 0, which every R
 *       reaches: both are exact. The ratio's resolution is 2<sup>−56</sup>.
 * </ul>
 *
 * <p>Ratio 0 is {@link Sampler#alwaysOff()} (see {@link #create}). Immutable and thread-safe; a
 * decision is a mask, a compare and a field read.
 */
final class TraceIdRatioSampler implements Sampler {

  /** The type recorded in {@code sampler.type}, as the Jaeger client records it. */
  static final String TYPE = "probabilistic";

  /** 2^56: one more than the largest R. */
  static final long RANDOM_RANGE = 1L << 56;

  static final long RANDOM_MASK = RANDOM_RANGE - 1;

  private final double ratio;
  private final long threshold;
  private final SamplingDecision sampled;
  private final SamplingDecision notSampled;

  private TraceIdRatioSampler(double ratio) {
    this.ratio = ratio;
    this.threshold = threshold(ratio);
    Double param = ratio;
    this.sampled = SamplingDecision.of(true, TYPE, param);
    this.notSampled = SamplingDecision.of(false, TYPE, param);
  }

  /** The sampler for {@code ratio}; ratio 0 is the never-sampler. */
  static Sampler create(double ratio) {
    Samplers.checkRatio(ratio, "ratio");
    if (ratio == 0.0) return Sampler.alwaysOff();
    return new TraceIdRatioSampler(ratio);
  }

  /** The rejection threshold T for {@code ratio} in [0, 1]: 2^56 - round(ratio * 2^56). */
  static long threshold(double ratio) {
    return RANDOM_RANGE - Math.round(ratio * RANDOM_RANGE);
  }

  /** True when a trace with this lower trace id half is sampled at threshold {@code threshold}. */
  static boolean isSampled(long traceIdLow, long threshold) {
    return (traceIdLow & RANDOM_MASK) >= threshold;
  }

  @Override
  public SamplingDecision sample(
      Parent parent, long traceIdHigh, long traceIdLow, String operationName) {
    return isSampled(traceIdLow, threshold) ? sampled : notSampled;
  }

  @Override
  public String toString() {
    return "TraceIdRatio{" + ratio + '}';
  }
}
