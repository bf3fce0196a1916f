/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.ringtrace.benchmarks.tracers.TracerUnderTest;
import io.ringtrace.benchmarks.tracers.Tracers;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a span on the application thread, through the OpenTracing API, for each tracer.
 * Exporters encode for real and discard (see {@link Tracers}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class SpanBenchmarks {

  @Param({"ringtrace", "otel", "brave", "jaeger", "noop"})
  public String tracerName;

  @Param({"true", "false"})
  public boolean sampled;

  TracerUnderTest underTest;
  Tracer tracer;

  @Setup(Level.Trial)
  public void setUp() {
    underTest = Tracers.create(tracerName, sampled, formatFor(tracerName));
    tracer = underTest.tracer();
  }

  static String formatFor(String tracerName) {
    return "brave".equals(tracerName) ? "b3" : "w3c";
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    underTest.close();
  }

  /** A server span with three tags, started and finished. */
  @Benchmark
  public Span startThreeTagsFinish() {
    Span span =
        tracer
            .buildSpan("GET /checkout")
            .withTag("span.kind", "server")
            .withTag("http.method", "GET")
            .withTag("http.status_code", 200)
            .start();
    span.finish();
    return span;
  }

  /** A root activated in a scope, a child of it (found as the active span), both finished. */
  @Benchmark
  public Span rootActivateChild() {
    Span root = tracer.buildSpan("root").start();
    Span child;
    try (Scope ignored = tracer.activateSpan(root)) {
      child = tracer.buildSpan("child").start();
      child.finish();
    }
    root.finish();
    return child;
  }
}
