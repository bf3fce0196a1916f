/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

/**
 * Configures a parent-based sampler; obtain one from {@link Sampler#parentBasedBuilder(Sampler)}.
 *
 * <pre>{@code
 * // Keep what callers sampled, and also sample 1% of what they did not.
 * Sampler sampler = Sampler.parentBasedBuilder(Sampler.traceIdRatio(0.01))
 *     .remoteParentNotSampled(Sampler.traceIdRatio(0.01))
 *     .build();
 * }</pre>
 *
 * <p>The defaults follow the parent: {@link Sampler#alwaysOn()} for sampled parents, {@link
 * Sampler#alwaysOff()} for unsampled ones. Beware that sampling the child of an unsampled
 * <em>local</em> parent gives a trace whose parent span is missing. Not thread-safe; {@link
 * #build()} may be called more than once.
 */
public final class ParentBasedSamplerBuilder {

  private final Sampler root;
  private Sampler remoteParentSampled = Sampler.alwaysOn();
  private Sampler remoteParentNotSampled = Sampler.alwaysOff();
  private Sampler localParentSampled = Sampler.alwaysOn();
  private Sampler localParentNotSampled = Sampler.alwaysOff();

  ParentBasedSamplerBuilder(Sampler root) {
    this.root = requireSampler(root, "root");
  }

  /** Decides for a span whose parent came from another process sampled. Default: always on. */
  public ParentBasedSamplerBuilder remoteParentSampled(Sampler sampler) {
    this.remoteParentSampled = requireSampler(sampler, "remoteParentSampled");
    return this;
  }

  /** Decides for a span whose parent came from another process unsampled. Default: always off. */
  public ParentBasedSamplerBuilder remoteParentNotSampled(Sampler sampler) {
    this.remoteParentNotSampled = requireSampler(sampler, "remoteParentNotSampled");
    return this;
  }

  /** Decides for a span whose parent is a sampled span of this tracer. Default: always on. */
  public ParentBasedSamplerBuilder localParentSampled(Sampler sampler) {
    this.localParentSampled = requireSampler(sampler, "localParentSampled");
    return this;
  }

  /** Decides for a span whose parent is an unsampled span of this tracer. Default: always off. */
  public ParentBasedSamplerBuilder localParentNotSampled(Sampler sampler) {
    this.localParentNotSampled = requireSampler(sampler, "localParentNotSampled");
    return this;
  }

  /** A new sampler with this configuration. */
  public Sampler build() {
    return new ParentBasedSampler(
        root,
        remoteParentSampled,
        remoteParentNotSampled,
        localParentSampled,
        localParentNotSampled);
  }

  private static Sampler requireSampler(Sampler sampler, String name) {
    if (sampler == null) throw new NullPointerException(name + " == null");
    return sampler;
  }
}
