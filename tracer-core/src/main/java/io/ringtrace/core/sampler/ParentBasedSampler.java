/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Asks one sampler per kind of parent; a root ({@link Sampler.Parent#NONE}) is decided by the root
 * sampler. Built by {@link ParentBasedSamplerBuilder}. Immutable and thread-safe; closing it closes
 * the samplers it holds that are {@link AutoCloseable}.
 */
final class ParentBasedSampler implements Sampler, AutoCloseable {

  private final Sampler root;
  private final Sampler remoteSampled;
  private final Sampler remoteNotSampled;
  private final Sampler localSampled;
  private final Sampler localNotSampled;

  ParentBasedSampler(
      Sampler root,
      Sampler remoteSampled,
      Sampler remoteNotSampled,
      Sampler localSampled,
      Sampler localNotSampled) {
    this.root = root;
    this.remoteSampled = remoteSampled;
    this.remoteNotSampled = remoteNotSampled;
    this.localSampled = localSampled;
    this.localNotSampled = localNotSampled;
  }

  @Override
  public SamplingDecision sample(
      Parent parent, long traceIdHigh, long traceIdLow, String operationName) {
    Sampler s;
    switch (parent) {
      case REMOTE_SAMPLED:
        s = remoteSampled;
        break;
      case REMOTE_NOT_SAMPLED:
        s = remoteNotSampled;
        break;
      case LOCAL_SAMPLED:
        s = localSampled;
        break;
      case LOCAL_NOT_SAMPLED:
        s = localNotSampled;
        break;
      default:
        s = root;
    }
    return s.sample(parent, traceIdHigh, traceIdLow, operationName);
  }

  /** Closes each distinct {@link AutoCloseable} sampler held, once; never throws. */
  @Override
  public void close() {
    Map<Sampler, Boolean> seen = new IdentityHashMap<>();
    Sampler[] all = {root, remoteSampled, remoteNotSampled, localSampled, localNotSampled};
    for (Sampler s : all) {
      if (seen.put(s, Boolean.TRUE) == null) Samplers.closeQuietly(s);
    }
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("ParentBased{root=").append(root);
    if (remoteSampled != ConstantSampler.ALWAYS_ON) {
      b.append(", remoteSampled=").append(remoteSampled);
    }
    if (remoteNotSampled != ConstantSampler.ALWAYS_OFF) {
      b.append(", remoteNotSampled=").append(remoteNotSampled);
    }
    if (localSampled != ConstantSampler.ALWAYS_ON) b.append(", localSampled=").append(localSampled);
    if (localNotSampled != ConstantSampler.ALWAYS_OFF) {
      b.append(", localNotSampled=").append(localNotSampled);
    }
    return b.append('}').toString();
  }
}
