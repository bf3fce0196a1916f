/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

/** Follows the parent's decision when there is one; a root is decided by the root sampler. */
final class ParentBasedSampler implements Sampler {

  private static final SamplingDecision SAMPLED = SamplingDecision.of(true);
  private static final SamplingDecision NOT_SAMPLED = SamplingDecision.of(false);

  private final Sampler root;

  private ParentBasedSampler(Sampler root) {
    this.root = root;
  }

  static ParentBasedSampler create(Sampler root) {
    if (root == null) throw new NullPointerException("root == null");
    return new ParentBasedSampler(root);
  }

  @Override
  public SamplingDecision sample(
      Parent parent, long traceIdHigh, long traceIdLow, String operationName) {
    switch (parent) {
      case REMOTE_SAMPLED:
      case LOCAL_SAMPLED:
        return SAMPLED;
      case REMOTE_NOT_SAMPLED:
      case LOCAL_NOT_SAMPLED:
        return NOT_SAMPLED;
      default:
        return root.sample(parent, traceIdHigh, traceIdLow, operationName);
    }
  }

  @Override
  public String toString() {
    return "ParentBased{root=" + root + '}';
  }
}
