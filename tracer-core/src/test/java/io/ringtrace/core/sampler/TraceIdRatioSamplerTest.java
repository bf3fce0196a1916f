/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringtrace.core.sampler.Sampler.Parent;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceIdRatioSamplerTest {

  private static final int IDS = 1_000_000;

  private static boolean sampled(Sampler s, long high, long low) {
    return s.sample(Parent.NONE, high, low, "op").sampled();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0001, 0.001, 0.01, 0.1, 0.25, 0.5, 0.9, 0.999})
  void measuredFraction_overOneMillionRandomIds_isWithinFiveSigma(double ratio) {
    Sampler sampler = Sampler.traceIdRatio(ratio);
    SplittableRandom random = new SplittableRandom(Double.doubleToLongBits(ratio));
    long count = 0;
    for (int i = 0; i < IDS; i++) {
      if (sampled(sampler, random.nextLong(), random.nextLong())) count++;
    }
    double expected = IDS * ratio;
    double sigma = Math.sqrt(IDS * ratio * (1 - ratio));
    assertThat((double) count).isBetween(expected - 5 * sigma, expected + 5 * sigma);
  }

  @Test
  void sameTraceId_sameDecision_acrossInstancesAndCalls() {
    Sampler a = Sampler.traceIdRatio(0.3);
    Sampler b = Sampler.traceIdRatio(0.3);
    SplittableRandom random = new SplittableRandom(7);
    int sampledCount = 0;
    for (int i = 0; i < 100_000; i++) {
      long high = random.nextLong();
      long low = random.nextLong();
      boolean first = sampled(a, high, low);
      assertThat(sampled(a, high, low)).isEqualTo(first);
      assertThat(sampled(b, high, low)).isEqualTo(first);
      if (first) sampledCount++;
    }
    assertThat(sampledCount).isBetween(1, 99_999); // both outcomes were exercised
  }

  @Test
  void ratioZero_samplesNothing_evenTheLargestRandomPart() {
    Sampler sampler = Sampler.traceIdRatio(0.0);
    assertThat(sampled(sampler, -1L, -1L)).isFalse();
    assertThat(sampled(sampler, 0L, TraceIdRatioSampler.RANDOM_MASK)).isFalse();
    assertThat(sampler).isSameAs(Sampler.alwaysOff());
  }

  @Test
  void ratioOne_samplesEverything_evenAZeroRandomPart() {
    Sampler sampler = Sampler.traceIdRatio(1.0);
    assertThat(sampled(sampler, 1L, 0L)).isTrue();
    assertThat(sampled(sampler, 1L, 1L << 56)).isTrue(); // only the top byte set: R == 0
    assertThat(sampled(sampler, 0L, 1L)).isTrue();
  }

  @Test
  void threshold_isTwoToThe56MinusRoundedRatio_asInTheW3cAndOpenTelemetryExamples() {
    assertThat(TraceIdRatioSampler.threshold(0.25)).isEqualTo(0xc0_0000_0000_0000L); // th:c
    assertThat(TraceIdRatioSampler.threshold(0.5)).isEqualTo(0x80_0000_0000_0000L); // th:8
    assertThat(TraceIdRatioSampler.threshold(1.0)).isZero(); // th:0
    assertThat(TraceIdRatioSampler.threshold(0.0)).isEqualTo(1L << 56);
  }

  @Test
  void decision_atTheThreshold_samplesFromTheThresholdUp() {
    Sampler sampler = Sampler.traceIdRatio(0.25);
    long t = 0xc0_0000_0000_0000L;
    assertThat(sampled(sampler, 0L, t - 1)).isFalse();
    assertThat(sampled(sampler, 0L, t)).isTrue();
    assertThat(sampled(sampler, 0L, TraceIdRatioSampler.RANDOM_MASK)).isTrue();
  }

  @Test
  void decision_ofTheW3cExampleTraceId_followsItsLast14HexDigits() {
    // traceparent 00-4bf92f3577b34da6a3ce929d0e0e4736-...: R = 0xce929d0e0e4736
    long high = 0x4bf92f3577b34da6L;
    long low = 0xa3ce929d0e0e4736L;
    assertThat(sampled(Sampler.traceIdRatio(0.25), high, low)).isTrue(); // R >= 0xc0...
    assertThat(sampled(Sampler.traceIdRatio(0.1), high, low)).isFalse(); // R < 0xe666...
  }

  @Test
  void decision_readsOnlyTheLower56Bits() {
    Sampler sampler = Sampler.traceIdRatio(0.5);
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 10_000; i++) {
      long low = random.nextLong();
      boolean expected = sampled(sampler, random.nextLong(), low);
      long otherTopByte = (low & TraceIdRatioSampler.RANDOM_MASK) | (random.nextLong() << 56);
      assertThat(sampled(sampler, random.nextLong(), otherTopByte)).isEqualTo(expected);
    }
  }

  @Test
  void sixtyFourBitTraceId_decidesLikeAnyTraceIdWithTheSameLowerHalf() {
    Sampler sampler = Sampler.traceIdRatio(0.2);
    SplittableRandom random = new SplittableRandom(13);
    int sampledCount = 0;
    for (int i = 0; i < 100_000; i++) {
      long low = random.nextLong();
      boolean b3 = sampled(sampler, 0L, low);
      assertThat(sampled(sampler, random.nextLong(), low)).isEqualTo(b3);
      if (b3) sampledCount++;
    }
    assertThat(sampledCount).isBetween(19_000, 21_000); // 64-bit ids are sampled at the ratio
  }

  @Test
  void higherRatio_samplesEveryTraceALowerRatioSamples() {
    Sampler low = Sampler.traceIdRatio(0.05);
    Sampler high = Sampler.traceIdRatio(0.2);
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < 100_000; i++) {
      long id = random.nextLong();
      if (sampled(low, 0, id)) assertThat(sampled(high, 0, id)).isTrue();
    }
  }

  @Test
  void parent_isIgnored() {
    Sampler sampler = Sampler.traceIdRatio(1.0);
    for (Parent parent : Parent.values()) {
      assertThat(sampler.sample(parent, 1, 1, "op").sampled()).isTrue();
    }
  }

  @Test
  void decision_recordsProbabilisticTypeAndTheRatio() {
    SamplingDecision decision = Sampler.traceIdRatio(0.5).sample(Parent.NONE, 0, -1L, "op");
    assertThat(decision.sampled()).isTrue();
    assertThat(decision.samplerType()).isEqualTo("probabilistic");
    assertThat(decision.samplerParam()).isEqualTo(0.5);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.0001, 1.0001, Double.NaN, Double.POSITIVE_INFINITY, -1})
  void ratioOutsideZeroToOne_isRefusedWithTheValue(double ratio) {
    assertThatThrownBy(() -> Sampler.traceIdRatio(ratio))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(ratio));
  }
}
