/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.sampler;

import io.ringtrace.core.sampler.JaegerRemoteSampler;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.core.sampler.Sampler.Parent;
import io.ringtrace.core.sampler.SamplingDecision;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one sampling decision, per sampler: what every span pays on the application thread.
 * Compare with {@link SpanSamplingBenchmark}, the cost of a whole span.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SamplerBenchmark {

  private static final int IDS = 1024; // a power of two: the index wraps with a mask

  Sampler alwaysOn;
  Sampler alwaysOff;
  Sampler traceIdRatio;
  Sampler parentBasedRatio;
  Sampler rateLimitingSpent;
  Sampler rateLimitingAvailable;
  Sampler perOperation;
  Sampler perOperationFull;
  JaegerRemoteSampler jaegerRemote;
  long[] ids;

  /** Each thread walks the trace ids on its own, so the id source adds no sharing. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;

    long next(long[] ids) {
      return ids[i++ & (IDS - 1)];
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    alwaysOn = Sampler.alwaysOn();
    alwaysOff = Sampler.alwaysOff();
    traceIdRatio = Sampler.traceIdRatio(0.01);
    parentBasedRatio = Sampler.parentBased(Sampler.traceIdRatio(0.01));
    // The limiter under overload: its budget spent, every call is a refusal.
    rateLimitingSpent = Sampler.rateLimiting(1e-6, 1);
    rateLimitingSpent.sample(Parent.NONE, 1, 1, "op");
    // The limiter with budget to spare: every call takes a token (a CAS).
    rateLimitingAvailable = Sampler.rateLimiting(1e15);
    perOperation =
        Sampler.perOperation()
            .defaultRatio(0.001)
            .lowerBound(1e-6)
            .operation("GET /home", 0.01)
            .build();
    perOperationFull = Sampler.perOperation().defaultRatio(0.001).maxOperations(0).build();
    jaegerRemote =
        Sampler.jaegerRemote("bench")
            .endpoint("http://127.0.0.1:9/sampling") // nothing listens: the initial sampler decides
            .pollingInterval(Duration.ofHours(1))
            .initialSampler(Sampler.traceIdRatio(0.01))
            .build();
    ids = new long[IDS];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < IDS; i++) ids[i] = random.nextLong();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    jaegerRemote.close();
  }

  @Benchmark
  public SamplingDecision alwaysOn(Cursor c) {
    return alwaysOn.sample(Parent.NONE, 1, c.next(ids), "GET /home");
  }

  @Benchmark
  public SamplingDecision alwaysOff(Cursor c) {
    return alwaysOff.sample(Parent.NONE, 1, c.next(ids), "GET /home");
  }

  @Benchmark
  public SamplingDecision traceIdRatio(Cursor c) {
    return traceIdRatio.sample(Parent.NONE, 1, c.next(ids), "GET /home");
  }

  @Benchmark
  public SamplingDecision parentBased_root(Cursor c) {
    return parentBasedRatio.sample(Parent.NONE, 1, c.next(ids), "GET /home");
  }

  @Benchmark
  public SamplingDecision parentBased_child(Cursor c) {
    return parentBasedRatio.sample(Parent.LOCAL_SAMPLED, 1, c.next(ids), "GET /home");
  }

  @Benchmark
  public SamplingDecision rateLimiting_spent(Cursor c) {
    return rateLimitingSpent.sample(Parent.NONE, 1, c.next(ids), "GET /home");
  }

  @Benchmark
  @Threads(4)
  public SamplingDecision rateLimiting_spent_4threads(Cursor c) {
    return rateLimitingSpent.sample(Parent.NONE, 1, c.next(ids), "GET /home");
  }

  @Benchmark
  public SamplingDecision rateLimiting_available(Cursor c) {
    return rateLimitingAvailable.sample(Parent.NONE, 1, c.next(ids), "GET /home");
  }

  @Benchmark
  @Threads(4)
  public SamplingDecision rateLimiting_available_4threads(Cursor c) {
    return rateLimitingAvailable.sample(Parent.NONE, 1, c.next(ids), "GET /home");
  }

  @Benchmark
  public SamplingDecision perOperation_tracked(Cursor c) {
    return perOperation.sample(Parent.NONE, 1, c.next(ids), "GET /home");
  }

  @Benchmark
  public SamplingDecision perOperation_beyondTheBound(Cursor c) {
    return perOperationFull.sample(Parent.NONE, 1, c.next(ids), "GET /home");
  }

  @Benchmark
  public SamplingDecision jaegerRemote_root(Cursor c) {
    return jaegerRemote.sample(Parent.NONE, 1, c.next(ids), "GET /home");
  }
}
