/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.scope;

import io.opentracing.Span;
import io.ringtrace.core.LogCorrelation;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

/**
 * What activating a span and closing its scope costs the application thread, with log
 * correlation off ({@code none}: the scope manager is not decorated) and on ({@code jaeger}: three
 * MDC keys, {@code otel}: three keys with the trace flags as hex, {@code brave}: two keys). ns/op
 * here, B/op with {@code -prof gc}. The spans are started once, so their ids are already hex; the
 * MDC is the benchmark class path's SLF4J provider's (slf4j-simple's {@code BasicMDCAdapter}, a
 * thread-local map, as logback's is).
 *
 * <ul>
 *   <li>{@code activateAndClose}: one scope on an empty stack, the common case of a handler.
 *   <li>{@code activateNestedAndClose}: a second scope inside the first, so that closing it puts
 *       the outer span's ids back.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class ScopeBenchmark {

  @Param({"none", "jaeger", "otel", "brave"})
  public String correlation;

  private RingtraceTracer tracer;
  private Span outer;
  private Span inner;

  @Setup(Level.Trial)
  public void setUp() {
    tracer =
        Ringtrace.builder("benchmark").logCorrelation(LogCorrelation.byName(correlation)).build();
    outer = tracer.buildSpan("outer").start();
    inner = tracer.buildSpan("inner").asChildOf(outer).start();
    outer.context().toTraceId(); // ids as hex once, as a span's first log line would
    outer.context().toSpanId();
    inner.context().toSpanId();
    MDC.put("user", "alice"); // an application's own entry, as in a real MDC
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    MDC.clear();
    tracer.close(Duration.ofSeconds(5));
  }

  @Benchmark
  public void activateAndClose() {
    tracer.activateSpan(outer).close();
  }

  @Benchmark
  public void activateNestedAndClose() {
    try (io.opentracing.Scope a = tracer.activateSpan(outer)) {
      tracer.activateSpan(inner).close();
    }
  }
}
