/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringtrace.core.sampler.Sampler.Parent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PerOperationSamplerTest {

  /** The lower 56 bits all ones: sampled at any ratio above zero. */
  private static final long ALWAYS_IN = -1L;
  /** The lower 56 bits zero: sampled only at ratio one. */
  private static final long ALWAYS_OUT = 1L << 56;

  private final FakeNanoClock clock = new FakeNanoClock();

  private static SamplingDecision decide(Sampler s, String op, long traceIdLow) {
    return s.sample(Parent.NONE, 7, traceIdLow, op);
  }

  @Test
  void listedOperation_isDecidedByItsOwnRatio() {
    Sampler sampler =
        Sampler.perOperation().defaultRatio(1.0).operation("GET /health", 0.0).build(clock);
    assertThat(decide(sampler, "GET /health", ALWAYS_IN).sampled()).isFalse();
    SamplingDecision other = decide(sampler, "GET /home", ALWAYS_OUT);
    assertThat(other.sampled()).isTrue();
    assertThat(other.samplerType()).isEqualTo("probabilistic");
    assertThat(other.samplerParam()).isEqualTo(1.0);
  }

  @Test
  void ratio_followsTheTraceIdRule() {
    Sampler sampler = Sampler.perOperation().operation("op", 0.25).build(clock);
    assertThat(decide(sampler, "op", 0xc0_0000_0000_0000L).sampled()).isTrue();
    assertThat(decide(sampler, "op", 0xbf_ffff_ffff_ffffL).sampled()).isFalse();
  }

  @Test
  void lowerBound_samplesWhatTheRatioRefuses_atTheBoundsRate() {
    Sampler sampler =
        Sampler.perOperation().defaultRatio(0.0).lowerBound(1.0).operation("op", 0.0).build(clock);
    SamplingDecision first = decide(sampler, "op", ALWAYS_OUT);
    assertThat(first.sampled()).isTrue();
    assertThat(first.samplerType()).isEqualTo("lowerbound");
    assertThat(first.samplerParam()).isEqualTo(0.0);
    assertThat(decide(sampler, "op", ALWAYS_OUT).sampled()).isFalse();
    clock.advance(Duration.ofMillis(999));
    assertThat(decide(sampler, "op", ALWAYS_OUT).sampled()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(decide(sampler, "op", ALWAYS_OUT).sampled()).isTrue();
  }

  @Test
  void lowerBound_countsTracesTheRatioSampled() {
    Sampler sampler = Sampler.perOperation().lowerBound(1.0).operation("op", 0.5).build(clock);
    assertThat(decide(sampler, "op", ALWAYS_IN).samplerType()).isEqualTo("probabilistic");
    // The ratio's trace took this second's lower-bound token.
    assertThat(decide(sampler, "op", ALWAYS_OUT).sampled()).isFalse();
  }

  @Test
  void lowerBound_isKeptPerOperation() {
    Sampler sampler = Sampler.perOperation().defaultRatio(0.0).lowerBound(1.0).build(clock);
    assertThat(decide(sampler, "a", ALWAYS_OUT).sampled()).isTrue();
    assertThat(decide(sampler, "a", ALWAYS_OUT).sampled()).isFalse();
    assertThat(decide(sampler, "b", ALWAYS_OUT).sampled()).isTrue();
  }

  @Test
  void beyondMaxOperations_theDefaultRatioDecidesWithoutLowerBound() {
    PerOperationSampler sampler =
        (PerOperationSampler)
            Sampler.perOperation()
                .defaultRatio(0.0)
                .lowerBound(1.0)
                .maxOperations(2)
                .build(clock);
    assertThat(decide(sampler, "a", ALWAYS_OUT).sampled()).isTrue();
    assertThat(decide(sampler, "b", ALWAYS_OUT).sampled()).isTrue();
    SamplingDecision c = decide(sampler, "c", ALWAYS_OUT);
    assertThat(c.sampled()).isFalse();
    assertThat(c.samplerType()).isEqualTo("probabilistic");
    assertThat(sampler.trackedOperations()).isEqualTo(2);
  }

  @Test
  void listedOperations_countTowardsTheBound_firstListedKept() {
    PerOperationSampler sampler =
        (PerOperationSampler)
            Sampler.perOperation()
                .defaultRatio(0.5)
                .operation("first", 1.0)
                .operation("second", 1.0)
                .operation("third", 1.0)
                .maxOperations(2)
                .build(clock);
    assertThat(sampler.trackedOperations()).isEqualTo(2);
    assertThat(sampler.ratioOf("first")).isEqualTo(1.0);
    assertThat(sampler.ratioOf("second")).isEqualTo(1.0);
    assertThat(sampler.ratioOf("third")).isEqualTo(0.5);
  }

  @Test
  void operationNameLongerThanTheLimit_isNeverTracked() {
    PerOperationSampler sampler =
        (PerOperationSampler) Sampler.perOperation().defaultRatio(0.0).lowerBound(1.0).build(clock);
    String longName = "x".repeat(PerOperationSampler.MAX_OPERATION_NAME_LENGTH + 1);
    assertThat(decide(sampler, longName, ALWAYS_OUT).sampled()).isFalse();
    assertThat(sampler.trackedOperations()).isZero();
  }

  @Test
  void manyThreadsInventingOperations_neverExceedTheBound() throws Exception {
    PerOperationSampler sampler =
        (PerOperationSampler)
            Sampler.perOperation().defaultRatio(0.1).lowerBound(1.0).maxOperations(100).build(clock);
    int threads = 4;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 5_000; i++) {
                    // Half the names are shared between threads, half are each thread's own.
                    String name = (i % 2 == 0) ? "shared-" + i : "own-" + id + '-' + i;
                    decide(sampler, name, i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : results) f.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(sampler.trackedOperations()).isEqualTo(100);
  }

  @Test
  void invalidConfiguration_isRefusedWithTheValue() {
    assertThatThrownBy(() -> Sampler.perOperation().defaultRatio(2))
        .hasMessageContaining("defaultRatio")
        .hasMessageContaining("2.0");
    assertThatThrownBy(() -> Sampler.perOperation().lowerBound(-1)).hasMessageContaining("-1.0");
    assertThatThrownBy(() -> Sampler.perOperation().operation("op", -0.5))
        .hasMessageContaining("'op'");
    assertThatThrownBy(() -> Sampler.perOperation().operation(null, 0.5))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Sampler.perOperation().maxOperations(-1)).hasMessageContaining("-1");
  }
}
