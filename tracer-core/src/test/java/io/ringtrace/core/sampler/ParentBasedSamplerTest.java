/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringtrace.core.sampler.Sampler.Parent;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParentBasedSamplerTest {

  /** Answers a fixed decision and remembers the parent kinds it was asked about. */
  static final class RecordingSampler implements Sampler, AutoCloseable {
    final boolean answer;
    final Map<Parent, Integer> asked = new EnumMap<>(Parent.class);
    final AtomicInteger closed = new AtomicInteger();

    RecordingSampler(boolean answer) {
      this.answer = answer;
    }

    @Override
    public synchronized SamplingDecision sample(
        Parent parent, long traceIdHigh, long traceIdLow, String operationName) {
      asked.merge(parent, 1, Integer::sum);
      return SamplingDecision.of(answer, "recording", answer);
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  private static boolean sampled(Sampler s, Parent parent) {
    return s.sample(parent, 1, 1, "op").sampled();
  }

  @Test
  void byDefault_followsTheParentsDecision() {
    Sampler sampler = Sampler.parentBased(Sampler.alwaysOff());
    assertThat(sampled(sampler, Parent.REMOTE_SAMPLED)).isTrue();
    assertThat(sampled(sampler, Parent.LOCAL_SAMPLED)).isTrue();
    assertThat(sampled(sampler, Parent.REMOTE_NOT_SAMPLED)).isFalse();
    assertThat(sampled(sampler, Parent.LOCAL_NOT_SAMPLED)).isFalse();
  }

  @Test
  void withoutParent_asksTheRootSampler() {
    RecordingSampler root = new RecordingSampler(true);
    Sampler sampler = Sampler.parentBased(root);
    SamplingDecision decision = sampler.sample(Parent.NONE, 1, 1, "op");
    assertThat(decision.samplerType()).isEqualTo("recording");
    for (Parent p : Parent.values()) sampler.sample(p, 1, 1, "op");
    assertThat(root.asked).containsOnlyKeys(Parent.NONE).containsEntry(Parent.NONE, 2);
  }

  @Test
  void eachKindOfParent_canBeDecidedByItsOwnSampler() {
    RecordingSampler remoteSampled = new RecordingSampler(false);
    RecordingSampler remoteNotSampled = new RecordingSampler(true);
    RecordingSampler localSampled = new RecordingSampler(false);
    RecordingSampler localNotSampled = new RecordingSampler(true);
    Sampler sampler =
        Sampler.parentBasedBuilder(Sampler.alwaysOff())
            .remoteParentSampled(remoteSampled)
            .remoteParentNotSampled(remoteNotSampled)
            .localParentSampled(localSampled)
            .localParentNotSampled(localNotSampled)
            .build();

    assertThat(sampled(sampler, Parent.REMOTE_SAMPLED)).isFalse();
    assertThat(sampled(sampler, Parent.REMOTE_NOT_SAMPLED)).isTrue();
    assertThat(sampled(sampler, Parent.LOCAL_SAMPLED)).isFalse();
    assertThat(sampled(sampler, Parent.LOCAL_NOT_SAMPLED)).isTrue();
    assertThat(sampled(sampler, Parent.NONE)).isFalse();
    assertThat(remoteSampled.asked).containsOnlyKeys(Parent.REMOTE_SAMPLED);
    assertThat(remoteNotSampled.asked).containsOnlyKeys(Parent.REMOTE_NOT_SAMPLED);
    assertThat(localSampled.asked).containsOnlyKeys(Parent.LOCAL_SAMPLED);
    assertThat(localNotSampled.asked).containsOnlyKeys(Parent.LOCAL_NOT_SAMPLED);
  }

  @Test
  void sampleRemoteUnsampledAtARatio_samplesTheRatioOfThem() {
    Sampler sampler =
        Sampler.parentBasedBuilder(Sampler.alwaysOn())
            .remoteParentNotSampled(Sampler.traceIdRatio(1.0))
            .build();
    assertThat(sampler.sample(Parent.REMOTE_NOT_SAMPLED, 1, 1, "op").samplerType())
        .isEqualTo("probabilistic");
  }

  @Test
  void close_closesEachCloseableSamplerOnce() throws Exception {
    RecordingSampler shared = new RecordingSampler(true);
    RecordingSampler other = new RecordingSampler(false);
    Sampler sampler =
        Sampler.parentBasedBuilder(shared)
            .remoteParentNotSampled(shared)
            .localParentNotSampled(other)
            .build();
    ((AutoCloseable) sampler).close();
    assertThat(shared.closed).hasValue(1);
    assertThat(other.closed).hasValue(1);
  }

  @Test
  void nullSamplers_areRefusedWithTheirName() {
    assertThatThrownBy(() -> Sampler.parentBased(null)).hasMessageContaining("root");
    assertThatThrownBy(() -> Sampler.parentBasedBuilder(Sampler.alwaysOn()).remoteParentSampled(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("remoteParentSampled");
    assertThatThrownBy(() -> Sampler.parentBasedBuilder(Sampler.alwaysOn()).localParentNotSampled(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("localParentNotSampled");
  }

  @Test
  void toString_namesTheRootAndWhatDiffersFromTheDefaults() {
    Sampler sampler =
        Sampler.parentBasedBuilder(Sampler.traceIdRatio(0.5))
            .remoteParentNotSampled(Sampler.alwaysOn())
            .build();
    assertThat(sampler.toString())
        .isEqualTo("ParentBased{root=TraceIdRatio{0.5}, remoteNotSampled=AlwaysOn}");
  }
}
