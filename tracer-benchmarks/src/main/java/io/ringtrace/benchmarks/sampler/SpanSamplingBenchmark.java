/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.sampler;

import io.opentracing.Span;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.sampler.Sampler;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole span through the tracer, start + 3 tags + finish: unsampled (the cheap shell every
 * dropped trace costs) and, for scale, sampled into an exporter that discards.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SpanSamplingBenchmark {

  RingtraceTracer unsampledTracer;
  RingtraceTracer sampledTracer;

  /** Accepts and forgets, so the benchmark measures the tracer, not an exporter. */
  static final class Discard implements SpanExporter {
    @Override
    public ExportResult export(List<FinishedSpan> spans) {
      return ExportResult.success();
    }

    @Override
    public void shutdown() {}
  }

  @Setup(Level.Trial)
  public void setUp() {
    unsampledTracer =
        Ringtrace.builder("bench").sampler(Sampler.alwaysOff()).exporter(new Discard()).build();
    sampledTracer =
        Ringtrace.builder("bench").sampler(Sampler.alwaysOn()).exporter(new Discard()).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    unsampledTracer.close();
    sampledTracer.close();
  }

  @Benchmark
  public Span unsampledSpan() {
    return span(unsampledTracer);
  }

  @Benchmark
  public Span sampledSpan() {
    return span(sampledTracer);
  }

  private static Span span(RingtraceTracer tracer) {
    Span span = tracer.buildSpan("GET /home").ignoreActiveSpan().start();
    span.setTag("http.method", "GET");
    span.setTag("http.status_code", 200);
    span.setTag("error", false);
    span.finish();
    return span;
  }
}
