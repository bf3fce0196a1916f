/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.core.report.ReporterMetrics;
import io.ringtrace.core.report.SpanExporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TracingHealthTest {

  static void finishSpans(RingtraceTracer tracer, int count) {
    for (int i = 0; i < count; i++) tracer.buildSpan("work").start().finish();
  }

  @Test
  void problems_everySpanExported_isEmpty() {
    try (RingtraceTracer tracer =
        Ringtrace.builder("healthy").exporter(InMemorySpanExporter.create()).build()) {
      ReporterMetrics before = tracer.metrics();
      finishSpans(tracer, 10);
      assertThat(tracer.flush(Duration.ofSeconds(5))).isTrue();

      assertThat(TracingHealth.problems(before, tracer.metrics())).isEmpty();
    }
  }

  @Test
  void problems_collectorRefusesSpans_reportsExportFailures() {
    SpanExporter refusing =
        new SpanExporter() {
          @Override
          public ExportResult export(List<FinishedSpan> spans) {
            return ExportResult.failure(false, spans.size(), "400 Bad Request");
          }

          @Override
          public void shutdown() {}
        };
    try (RingtraceTracer tracer = Ringtrace.builder("refused").exporter(refusing).build()) {
      ReporterMetrics before = tracer.metrics();
      finishSpans(tracer, 7);
      tracer.flush(Duration.ofSeconds(5));

      assertThat(TracingHealth.problems(before, tracer.metrics()))
          .singleElement(STRING)
          .startsWith("7 spans dropped because ")
          .contains("exports failed");
    }
  }

  @Test
  void problems_exporterStuck_reportsQueueFull() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch exporting = new CountDownLatch(1);
    SpanExporter stuck =
        new SpanExporter() {
          @Override
          public ExportResult export(List<FinishedSpan> spans) {
            exporting.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return ExportResult.success();
          }

          @Override
          public void shutdown() {
            release.countDown();
          }
        };
    try (RingtraceTracer tracer =
        Ringtrace.builder("stuck").exporter(stuck).maxQueueSize(4).maxExportBatchSize(1).build()) {
      ReporterMetrics before = tracer.metrics();
      finishSpans(tracer, 1);
      exporting.await(); // the reporter thread now holds one span and waits for the exporter
      finishSpans(tracer, 20); // 4 fit into the queue, 16 do not
      ReporterMetrics now = tracer.metrics();
      release.countDown();

      assertThat(TracingHealth.problems(before, now))
          .singleElement(STRING)
          .startsWith("16 of 21 spans dropped because the queue was full");
    }
  }

  @Test
  void problems_spansFinishedAfterClose_reportsShutdownDrops() {
    RingtraceTracer tracer =
        Ringtrace.builder("closed").exporter(InMemorySpanExporter.create()).build();
    ReporterMetrics before = tracer.metrics();
    tracer.close();
    finishSpans(tracer, 3);

    assertThat(TracingHealth.problems(before, tracer.metrics()))
        .singleElement(STRING)
        .startsWith("3 spans dropped at shutdown");
  }
}
