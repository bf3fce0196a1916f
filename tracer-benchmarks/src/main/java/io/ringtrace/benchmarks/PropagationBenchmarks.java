/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks;

import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.ringtrace.benchmarks.tracers.TracerUnderTest;
import io.ringtrace.benchmarks.tracers.Tracers;
import java.util.HashMap;
import java.util.Map;
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

/**
 * Inject into HTTP headers and extract back, through the OpenTracing API, per tracer and format.
 * A tracer that does not speak a format is skipped (it reports no result).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PropagationBenchmarks {

  @Param({"ringtrace", "otel", "brave", "jaeger"})
  public String tracerName;

  @Param({"w3c", "b3", "jaeger"})
  public String format;

  TracerUnderTest underTest;
  Tracer tracer;
  SpanContext context;
  final Map<String, String> headers = new HashMap<>();
  TextMapAdapter carrier;

  @Setup(Level.Trial)
  public void setUp() {
    underTest = Tracers.create(tracerName, true, format);
    if (underTest == null) {
      throw new UnsupportedOperationException(tracerName + " does not speak " + format);
    }
    tracer = underTest.tracer();
    Span span = tracer.buildSpan("client").start();
    context = span.context();
    carrier = new TextMapAdapter(headers);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (underTest != null) underTest.close();
  }

  @Benchmark
  public SpanContext injectExtract() {
    headers.clear();
    tracer.inject(context, Format.Builtin.HTTP_HEADERS, carrier);
    return tracer.extract(Format.Builtin.HTTP_HEADERS, carrier);
  }
}
