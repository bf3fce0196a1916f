/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.report;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.TracerBuilder;
import io.ringtrace.core.report.DiscardSpanExporter;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.sampler.Sampler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
 * What the application thread pays to start and finish a span while the reporter thread runs:
 * ns/op here, B/op with {@code -prof gc}.
 *
 * <ul>
 *   <li>{@code discard}: a sampled span through the ring to a reporter whose exporter accepts
 *       everything at once (the healthy case).
 *   <li>{@code hung}: the same with an exporter that never returns: the ring is full, every
 *       finish drops and counts its span. Should cost no more than {@code discard}.
 *   <li>{@code unsampled}: the sampler says no; the span never reaches the reporter. The
 *       baseline the other two are compared with.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class SpanFinishBenchmark {

  @Param({"discard", "hung", "unsampled"})
  public String pipeline;

  private RingtraceTracer tracer;
  private final CountDownLatch release = new CountDownLatch(1);

  @Setup(Level.Trial)
  public void setUp() {
    TracerBuilder builder = Ringtrace.builder("benchmark");
    switch (pipeline) {
      case "discard":
        builder.exporter(DiscardSpanExporter.getInstance());
        break;
      case "hung":
        builder.exporter(new HungExporter(release));
        break;
      case "unsampled":
        builder.sampler(Sampler.alwaysOff());
        break;
      default:
        throw new IllegalArgumentException("pipeline: " + pipeline);
    }
    tracer = builder.build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    release.countDown();
    tracer.close(Duration.ofSeconds(5));
  }

  @Benchmark
  public void startAndFinish() {
    tracer.buildSpan("GET /home").start().finish();
  }

  @Benchmark
  public void startTagAndFinish() {
    tracer
        .buildSpan("GET /home")
        .withTag("span.kind", "server")
        .withTag("http.method", "GET")
        .withTag("http.status_code", 200)
        .start()
        .finish();
  }

  /** Blocks every export until the trial ends. */
  static final class HungExporter implements SpanExporter {
    private final CountDownLatch release;

    HungExporter(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public ExportResult export(List<FinishedSpan> spans) {
      try {
        release.await();
      } catch (InterruptedException e) {
        return ExportResult.failure(true, spans.size(), "interrupted");
      }
      return ExportResult.success();
    }

    @Override
    public void shutdown() {
      release.countDown();
    }
  }
}
