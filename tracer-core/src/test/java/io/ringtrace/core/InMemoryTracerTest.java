/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.Span;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.core.report.ReporterMetrics;
import io.ringtrace.core.sampler.Sampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A tracer built with an {@link InMemorySpanExporter} behaves like {@code MockTracer}. */
@Timeout(30)
class InMemoryTracerTest {

  @Test
  void finishedSpan_isVisibleWhenFinishReturns_withoutFlush() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (RingtraceTracer tracer = Ringtrace.builder("sync").exporter(memory).build()) {
      Span span = tracer.buildSpan("get").withTag("k", "v").start();
      assertThat(memory.finishedSpans()).isEmpty();

      span.finish();

      assertThat(memory.finishedSpans()).singleElement().satisfies(s -> {
        assertThat(s.operationName()).isEqualTo("get");
        assertThat(s.tags()).containsEntry("k", "v");
      });
    }
  }

  @Test
  void spanFinishedOnAnotherThread_isVisibleOnceThatThreadIsJoined() throws Exception {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (RingtraceTracer tracer = Ringtrace.builder("sync").exporter(memory).build()) {
      Thread t = new Thread(() -> tracer.buildSpan("background").start().finish());
      t.start();
      t.join(10_000);

      assertThat(memory.finishedSpans())
          .extracting(FinishedSpan::operationName)
          .containsExactly("background");
    }
  }

  @Test
  void burstFarLargerThanTheQueue_isNeverDropped() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    int burst = 10_000;
    try (RingtraceTracer tracer =
        Ringtrace.builder("sync").exporter(memory).maxQueueSize(16).build()) {
      for (int i = 0; i < burst; i++) tracer.buildSpan("op").start().finish();

      assertThat(memory.finishedSpans()).hasSize(burst);
      ReporterMetrics m = tracer.metrics();
      assertThat(m.spansFinished()).isEqualTo(burst);
      assertThat(m.spansExported()).isEqualTo(burst);
      assertThat(m.droppedQueueFull()).isZero();
    }
  }

  @Test
  void reset_forgetsEverySpanFinishedBeforeIt() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (RingtraceTracer tracer = Ringtrace.builder("sync").exporter(memory).build()) {
      for (int i = 0; i < 100; i++) tracer.buildSpan("before").start().finish();

      memory.reset();
      tracer.buildSpan("after").start().finish();

      assertThat(memory.finishedSpans())
          .extracting(FinishedSpan::operationName)
          .containsExactly("after");
    }
  }

  @Test
  void noReporterThreadRuns() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (RingtraceTracer tracer = Ringtrace.builder("sync-no-thread").exporter(memory).build()) {
      tracer.buildSpan("op").start().finish();

      assertThat(TracerReportingTest.reporterThreadAlive("sync-no-thread")).isFalse();
    }
  }

  @Test
  void unsampledSpans_areNotExported() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (RingtraceTracer tracer =
        Ringtrace.builder("sync").exporter(memory).sampler(Sampler.alwaysOff()).build()) {
      tracer.buildSpan("op").start().finish();

      assertThat(memory.finishedSpans()).isEmpty();
      assertThat(tracer.metrics().spansFinished()).isZero();
    }
  }

  @Test
  void close_shutsTheExporterDown_keepsItsSpans_andCountsLaterSpansAsDroppedShutdown() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = Ringtrace.builder("sync").exporter(memory).build();
    tracer.buildSpan("kept").start().finish();
    Span late = tracer.buildSpan("late").start();

    tracer.close();
    late.finish();

    assertThat(memory.isShutdown()).isTrue();
    assertThat(memory.finishedSpans())
        .extracting(FinishedSpan::operationName)
        .containsExactly("kept");
    ReporterMetrics m = tracer.metrics();
    assertThat(m.spansFinished()).isEqualTo(2);
    assertThat(m.spansExported()).isEqualTo(1);
    assertThat(m.droppedShutdown()).isEqualTo(1);
    assertThat(m.queued()).isZero();
    assertThat(m.inFlight()).isZero();
  }
}
