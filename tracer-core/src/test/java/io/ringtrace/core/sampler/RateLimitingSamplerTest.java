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
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitingSamplerTest {

  private final FakeNanoClock clock = new FakeNanoClock();

  private Sampler limiter(double rate) {
    return RateLimitingSampler.create(rate, RateLimitingSampler.defaultBurst(rate), clock);
  }

  private static boolean sampled(Sampler s) {
    return s.sample(Parent.NONE, 1, 1, "op").sampled();
  }

  private static int drain(Sampler s) {
    int n = 0;
    while (sampled(s)) {
      n++;
      if (n > 1_000_000) throw new AssertionError("never runs dry");
    }
    return n;
  }

  @Test
  void atStart_grantsOneSecondsBurstThenRefuses() {
    Sampler sampler = limiter(10);
    assertThat(drain(sampler)).isEqualTo(10);
    assertThat(sampled(sampler)).isFalse();
  }

  @Test
  void afterRunningDry_grantsOneTraceExactlyPerInterval() {
    Sampler sampler = limiter(10);
    drain(sampler);
    clock.advanceNanos(99_999_999);
    assertThat(sampled(sampler)).isFalse();
    clock.advanceNanos(1);
    assertThat(sampled(sampler)).isTrue();
    assertThat(sampled(sampler)).isFalse();
  }

  @Test
  void overOneMinuteOfSteadyDemand_grantsExactlyBurstPlusRateTimesWindow() {
    Sampler sampler = limiter(10);
    int granted = 0;
    for (int ms = 0; ms <= 60_000; ms++) {
      for (int i = 0; i < 3; i++) {
        if (sampled(sampler)) granted++;
      }
      if (ms < 60_000) clock.advance(Duration.ofMillis(1));
    }
    assertThat(granted).isEqualTo(10 + 600);
  }

  @Test
  void fractionalRate_grantsOneTracePerReciprocalOfTheRate() {
    Sampler sampler = limiter(0.5); // one every two seconds, burst of one
    assertThat(drain(sampler)).isEqualTo(1);
    clock.advanceNanos(1_999_999_999);
    assertThat(sampled(sampler)).isFalse();
    clock.advanceNanos(1);
    assertThat(drain(sampler)).isEqualTo(1);
  }

  @Test
  void thirdOfASecondInterval_staysExactOverAnHour() {
    Sampler sampler = limiter(3); // 333,333,333.3 ns per trace
    drain(sampler);
    int granted = 0;
    for (int s = 0; s < 3600; s++) {
      clock.advance(Duration.ofSeconds(1));
      granted += drain(sampler);
    }
    assertThat(granted).isEqualTo(3 * 3600);
  }

  @Test
  void longIdlePeriod_banksNoMoreThanTheBurst() {
    Sampler sampler = limiter(5);
    drain(sampler);
    clock.advance(Duration.ofDays(3));
    assertThat(drain(sampler)).isEqualTo(5);
  }

  @Test
  void explicitBurst_limitsWhatIsGrantedAtOnce() {
    Sampler sampler = RateLimitingSampler.create(100, 3, clock);
    assertThat(drain(sampler)).isEqualTo(3);
    clock.advance(Duration.ofMillis(10));
    assertThat(drain(sampler)).isEqualTo(1);
  }

  @Test
  void clockGoingBackwards_grantsNothingExtra() {
    Sampler sampler = limiter(10);
    drain(sampler);
    clock.advance(Duration.ofSeconds(-5));
    assertThat(sampled(sampler)).isFalse();
    clock.advance(Duration.ofSeconds(5));
    assertThat(sampled(sampler)).isFalse();
    clock.advance(Duration.ofMillis(100));
    assertThat(drain(sampler)).isEqualTo(1);
  }

  @Test
  void clockWrappingAroundLongMaxValue_staysExact() {
    FakeNanoClock nearWrap = new FakeNanoClock(Long.MAX_VALUE - 50_000_000L);
    Sampler sampler = RateLimitingSampler.create(10, 1, nearWrap);
    assertThat(drain(sampler)).isEqualTo(1);
    nearWrap.advance(Duration.ofMillis(100)); // now past Long.MAX_VALUE, wrapped negative
    assertThat(nearWrap.getAsLong()).isNegative();
    assertThat(drain(sampler)).isEqualTo(1);
  }

  @Test
  void rateZero_isTheNeverSampler() {
    assertThat(Sampler.rateLimiting(0)).isSameAs(Sampler.alwaysOff());
  }

  @Test
  void decision_recordsRateLimitingTypeAndTheRate() {
    SamplingDecision yes = limiter(2.5).sample(Parent.NONE, 1, 1, "op");
    assertThat(yes.sampled()).isTrue();
    assertThat(yes.samplerType()).isEqualTo("ratelimiting");
    assertThat(yes.samplerParam()).isEqualTo(2.5);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1, Double.NaN, Double.POSITIVE_INFINITY})
  void invalidRate_isRefusedWithTheValue(double rate) {
    assertThatThrownBy(() -> Sampler.rateLimiting(rate))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(rate));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0, -1, Double.NaN, Double.POSITIVE_INFINITY})
  void invalidBurst_isRefusedWithTheValue(double burst) {
    assertThatThrownBy(() -> Sampler.rateLimiting(10, burst))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(burst));
  }

  @Test
  void manyThreadsOnAFrozenClock_shareExactlyTheBurst() throws Exception {
    Sampler sampler = RateLimitingSampler.create(1000, 1000, clock);
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  int n = 0;
                  for (int i = 0; i < 50_000; i++) if (sampled(sampler)) n++;
                  return n;
                }));
      }
      int total = 0;
      for (Future<Integer> f : results) total += f.get(30, TimeUnit.SECONDS);
      assertThat(total).isEqualTo(1000);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void manyThreadsOverManyIntervals_shareExactlyBurstPlusOnePerInterval() throws Exception {
    Sampler sampler = RateLimitingSampler.create(100, 5, clock); // 10 ms per trace
    int threads = 4;
    int intervals = 500;
    // After every round, when all threads have seen the bucket run dry, the clock moves 10 ms.
    CyclicBarrier round = new CyclicBarrier(threads, () -> clock.advance(Duration.ofMillis(10)));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  int n = 0;
                  for (int r = 0; r <= intervals; r++) {
                    n += drain(sampler);
                    awaitQuietly(round);
                  }
                  return n;
                }));
      }
      int total = 0;
      for (Future<Integer> f : results) total += f.get(30, TimeUnit.SECONDS);
      assertThat(total).isEqualTo(5 + intervals);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitQuietly(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException | BrokenBarrierException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
  }
}
