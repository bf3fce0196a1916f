/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

/**
 * The outcome of {@link Sampler#sample}: sampled or not, and, for a trace root, which sampler
 * decided with which parameter (recorded as the {@code sampler.type} and {@code sampler.param}
 * tags, as the Jaeger client does). Immutable; samplers create their decisions once and reuse them.
 */
public final class SamplingDecision {

  /** Tag recording the type of sampler that decided a trace root. */
  public static final String SAMPLER_TYPE_TAG = "sampler.type";

  /** Tag recording the sampler's parameter (ratio, rate). */
  public static final String SAMPLER_PARAM_TAG = "sampler.param";

  private static final SamplingDecision SAMPLED = new SamplingDecision(true, null, null);
  private static final SamplingDecision NOT_SAMPLED = new SamplingDecision(false, null, null);

  private final boolean sampled;
  private final String samplerType;
  private final Object samplerParam;

  private SamplingDecision(boolean sampled, String samplerType, Object samplerParam) {
    this.sampled = sampled;
    this.samplerType = samplerType;
    this.samplerParam = samplerParam;
  }

  /** A decision that records no sampler tags. */
  public static SamplingDecision of(boolean sampled) {
    return sampled ? SAMPLED : NOT_SAMPLED;
  }

  /**
   * A decision that records {@code sampler.type} and {@code sampler.param} on a sampled trace
   * root.
   *
   * @param samplerParam a String, Boolean or Number
   */
  public static SamplingDecision of(boolean sampled, String samplerType, Object samplerParam) {
    if (samplerType == null) return of(sampled);
    return new SamplingDecision(sampled, samplerType, samplerParam);
  }

  public boolean sampled() {
    return sampled;
  }

  /** The sampler type to record, or {@code null} for none. */
  public String samplerType() {
    return samplerType;
  }

  /** The sampler parameter to record, or {@code null}. */
  public Object samplerParam() {
    return samplerParam;
  }

  @Override
  public String toString() {
    return "SamplingDecision{"
        + (sampled ? "sampled" : "not sampled")
        + (samplerType == null ? "" : ", " + samplerType + '=' + samplerParam)
        + '}';
  }
}
