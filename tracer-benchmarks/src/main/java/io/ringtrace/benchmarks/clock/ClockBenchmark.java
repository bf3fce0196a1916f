/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.clock;

import io.ringtrace.core.internal.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One timestamp, as a span start, end or log reads it: the clock anchored once per tracer (as it
 * was before re-anchoring), the re-anchoring system clock, a span's kept anchor, and the two
 * JDK calls for reference. {@code twoThreads} shows whether the shared anchor costs anything when
 * two threads read it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ClockBenchmark {

  /** The clock before re-anchoring: one wall-clock reading per tracer, for ever. */
  static final class AnchoredOnce extends Clock {
    private final long anchorEpochNanos;
    private final long anchorNanoTime;

    AnchoredOnce() {
      Instant now = Instant.now();
      this.anchorNanoTime = System.nanoTime();
      this.anchorEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public long epochNanos() {
      return anchorEpochNanos + (System.nanoTime() - anchorNanoTime);
    }
  }

  Clock anchoredOnce;
  Clock reanchoring;
  Clock spanAnchor;

  @Setup
  public void setUp() {
    anchoredOnce = new AnchoredOnce();
    reanchoring = Clock.system();
    spanAnchor = reanchoring.anchor();
  }

  @Benchmark
  public long anchoredOnce() {
    return anchoredOnce.epochNanos();
  }

  @Benchmark
  public long reanchoring() {
    return reanchoring.epochNanos();
  }

  @Benchmark
  @Threads(2)
  public long reanchoringTwoThreads() {
    return reanchoring.epochNanos();
  }

  /** What a span pays at start for its anchor. */
  @Benchmark
  public Clock reanchoringAnchor() {
    return reanchoring.anchor();
  }

  /** What a span pays at its end and per log. */
  @Benchmark
  public long keptAnchor() {
    return spanAnchor.epochNanos();
  }

  @Benchmark
  public long systemNanoTime() {
    return System.nanoTime();
  }

  @Benchmark
  public Instant instantNow() {
    return Instant.now();
  }
}
