/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.ringtrace.core.sampler.Sampler.Parent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SamplingStrategyTest {

  @Test
  void probabilistic_withTheTypeAsAString() throws Exception {
    SamplingStrategy s =
        SamplingStrategy.parse(
            "{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":0.25}}");
    assertThat(s).isEqualTo(SamplingStrategy.probabilistic(0.25));
  }

  @Test
  void probabilistic_withTheTypeAsANumber_asTheJaegerAgentServesIt() throws Exception {
    SamplingStrategy s =
        SamplingStrategy.parse("{\"strategyType\":0,\"probabilisticSampling\":{\"samplingRate\":1}}");
    assertThat(s).isEqualTo(SamplingStrategy.probabilistic(1.0));
  }

  @Test
  void probabilistic_withoutTheType_isInferredFromThePresentStrategy() throws Exception {
    assertThat(SamplingStrategy.parse("{\"probabilisticSampling\":{\"samplingRate\":0.5}}"))
        .isEqualTo(SamplingStrategy.probabilistic(0.5));
  }

  @Test
  void zeroValuesLeftOutByProtobufJson_areZero() throws Exception {
    assertThat(SamplingStrategy.parse("{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{}}"))
        .isEqualTo(SamplingStrategy.probabilistic(0.0));
  }

  @Test
  void rateLimiting_withTheTypeAsAStringOrANumber() throws Exception {
    assertThat(
            SamplingStrategy.parse(
                "{\"strategyType\":\"RATE_LIMITING\",\"rateLimitingSampling\":{\"maxTracesPerSecond\":7}}"))
        .isEqualTo(SamplingStrategy.rateLimiting(7));
    assertThat(
            SamplingStrategy.parse(
                "{\"strategyType\":1,\"rateLimitingSampling\":{\"maxTracesPerSecond\":7}}"))
        .isEqualTo(SamplingStrategy.rateLimiting(7));
  }

  @Test
  void perOperation_whenOperationsAreListed_winsOverTheStrategyType() throws Exception {
    SamplingStrategy s =
        SamplingStrategy.parse(
            "{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":0.5},"
                + "\"operationSampling\":{\"defaultSamplingProbability\":0.01,"
                + "\"defaultLowerBoundTracesPerSecond\":0.5,\"defaultUpperBoundTracesPerSecond\":9,"
                + "\"perOperationStrategies\":["
                + "{\"operation\":\"a\",\"probabilisticSampling\":{\"samplingRate\":0.2}},"
                + "{\"operation\":\"b\"}]}}");
    assertThat(s.type).isEqualTo(SamplingStrategy.Type.PER_OPERATION);
    assertThat(s.defaultSamplingProbability).isEqualTo(0.01);
    assertThat(s.defaultLowerBoundTracesPerSecond).isEqualTo(0.5);
    assertThat(s.defaultUpperBoundTracesPerSecond).isEqualTo(9);
    assertThat(s.operations).containsExactly(entry("a", 0.2), entry("b", 0.0));
  }

  @Test
  void perOperation_withoutListedOperations_fallsBackToTheStrategyType() throws Exception {
    SamplingStrategy s =
        SamplingStrategy.parse(
            "{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":0.5},"
                + "\"operationSampling\":{\"defaultSamplingProbability\":0.01,\"perOperationStrategies\":[]}}");
    assertThat(s).isEqualTo(SamplingStrategy.probabilistic(0.5));
  }

  @Test
  void unknownFields_areIgnored() throws Exception {
    assertThat(
            SamplingStrategy.parse(
                "{\"future\":[1,{\"x\":null}],\"probabilisticSampling\":{\"samplingRate\":0.5,\"more\":\"y\"}}"))
        .isEqualTo(SamplingStrategy.probabilistic(0.5));
  }

  @Test
  void sameStrategyDifferentlyWritten_isEqual() throws Exception {
    SamplingStrategy a =
        SamplingStrategy.parse("{\"strategyType\":0,\"probabilisticSampling\":{\"samplingRate\":0.5}}");
    SamplingStrategy b =
        SamplingStrategy.parse(" { \"probabilisticSampling\" : { \"samplingRate\" : 5e-1 } } ");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(SamplingStrategy.probabilistic(0.25));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "[]",
        "\"PROBABILISTIC\"",
        "null",
        "{}",
        "{\"strategyType\":\"PROBABILISTIC\"}",
        "{\"strategyType\":\"RATE_LIMITING\",\"probabilisticSampling\":{\"samplingRate\":1}}",
        "{\"strategyType\":\"ADAPTIVE\",\"probabilisticSampling\":{\"samplingRate\":1}}",
        "{\"strategyType\":2,\"probabilisticSampling\":{\"samplingRate\":1}}",
        "{\"strategyType\":true,\"probabilisticSampling\":{\"samplingRate\":1}}",
        "{\"probabilisticSampling\":{\"samplingRate\":\"0.5\"}}",
        "{\"probabilisticSampling\":{\"samplingRate\":true}}",
        "{\"probabilisticSampling\":{\"samplingRate\":[0.5]}}",
        "{\"probabilisticSampling\":{\"samplingRate\":1.5}}",
        "{\"probabilisticSampling\":{\"samplingRate\":-0.1}}",
        "{\"probabilisticSampling\":{\"samplingRate\":1e999}}",
        "{\"probabilisticSampling\":[0.5]}",
        "{\"probabilisticSampling\":0.5}",
        "{\"rateLimitingSampling\":{\"maxTracesPerSecond\":-1}}",
        "{\"rateLimitingSampling\":{\"maxTracesPerSecond\":1e999}}",
        "{\"rateLimitingSampling\":{\"maxTracesPerSecond\":\"10\"}}",
        "{\"operationSampling\":[],\"probabilisticSampling\":{\"samplingRate\":1}}",
        "{\"operationSampling\":{\"perOperationStrategies\":{}}}",
        "{\"operationSampling\":{\"perOperationStrategies\":[1]}}",
        "{\"operationSampling\":{\"perOperationStrategies\":[{\"probabilisticSampling\":{}}]}}",
        "{\"operationSampling\":{\"perOperationStrategies\":[{\"operation\":5}]}}",
        "{\"operationSampling\":{\"perOperationStrategies\":[{\"operation\":\"a\",\"probabilisticSampling\":{\"samplingRate\":2}}]}}",
        "{\"operationSampling\":{\"defaultSamplingProbability\":\"x\",\"perOperationStrategies\":[{\"operation\":\"a\"}]}}",
        "{\"operationSampling\":{\"defaultLowerBoundTracesPerSecond\":-1,\"perOperationStrategies\":[{\"operation\":\"a\"}]}}",
        "{\"operationSampling\":{\"defaultUpperBoundTracesPerSecond\":-1,\"perOperationStrategies\":[{\"operation\":\"a\"}]}}",
      })
  void invalidResponse_isRefused(String json) {
    assertThatThrownBy(() -> SamplingStrategy.parse(json))
        .isInstanceOf(SamplingStrategy.InvalidStrategyException.class);
  }

  @Test
  void toSampler_makesTheSamplerOfEachType() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    Sampler probabilistic = SamplingStrategy.probabilistic(1.0).toSampler(10, clock);
    assertThat(probabilistic.sample(Parent.NONE, 1, 1, "op").samplerType()).isEqualTo("probabilistic");

    Sampler rateLimiting = SamplingStrategy.rateLimiting(2).toSampler(10, clock);
    assertThat(rateLimiting.sample(Parent.NONE, 1, 1, "op").samplerType()).isEqualTo("ratelimiting");
    assertThat(rateLimiting.sample(Parent.NONE, 1, 1, "op").sampled()).isTrue();
    assertThat(rateLimiting.sample(Parent.NONE, 1, 1, "op").sampled()).isFalse();

    Sampler perOperation =
        SamplingStrategy.parse(
                "{\"operationSampling\":{\"defaultLowerBoundTracesPerSecond\":1,"
                    + "\"perOperationStrategies\":[{\"operation\":\"a\"}]}}")
            .toSampler(10, clock);
    assertThat(perOperation.sample(Parent.NONE, 1, 1L << 56, "a").samplerType()).isEqualTo("lowerbound");
  }
}
