/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.core.report.ReporterMetrics;
import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.report.ExportResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tracer and its default, batching reporter, through the public builder. */
class TracerReportingTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Every one of the {@code finished} spans the test finished is exported or dropped. */
  private static void assertAccountedFor(ReporterMetrics m, long finished) {
    assertThat(m.spansFinished()).as("finished in %s", m).isEqualTo(finished);
    assertThat(m.queued()).as("queued in %s", m).isZero();
    assertThat(m.inFlight()).as("in flight in %s", m).isZero();
    assertThat(m.spansExported() + m.droppedTotal()).as("accounting of %s", m).isEqualTo(finished);
  }

  /** Whether the reporter thread of the tracer of {@code serviceName} runs. */
  static boolean reporterThreadAlive(String serviceName) {
    String name = "ringtrace-reporter-" + serviceName;
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  @Test
  void flush_handsFinishedSpansToTheExporter() {
    BatchedMemoryExporter batched = new BatchedMemoryExporter();
    InMemorySpanExporter memory = batched.memory;
    RingtraceTracer tracer = Ringtrace.builder("flush-test").exporter(batched).build();
    try {
      tracer.buildSpan("one").start().finish();
      tracer.buildSpan("two").start().finish();

      assertThat(tracer.flush(WAIT)).isTrue();

      assertThat(memory.finishedSpans())
          .extracting(FinishedSpan::operationName)
          .containsExactly("one", "two");
      assertThat(tracer.metrics().spansExported()).isEqualTo(2);
      assertAccountedFor(tracer.metrics(), 2);
    } finally {
      tracer.close();
    }
  }

  @Test
  void build_withoutExporter_discardsSpans_butCountsThemExported() {
    RingtraceTracer tracer = Ringtrace.builder("discard-test").build();
    try {
      tracer.buildSpan("gone").start().finish();

      assertThat(tracer.flush(WAIT)).isTrue();

      assertThat(tracer.metrics().spansExported()).isEqualTo(1);
    } finally {
      tracer.close();
    }
  }

  @Test
  void close_exportsWhatIsQueued_shutsTheExporterDown_andEndsTheReporterThread() {
    BatchedMemoryExporter batched = new BatchedMemoryExporter();
    InMemorySpanExporter memory = batched.memory;
    RingtraceTracer tracer =
        Ringtrace.builder("close-test")
            .exporter(batched)
            .scheduleDelay(Duration.ofHours(1))
            .build();
    tracer.buildSpan("queued").start().finish();
    assertThat(reporterThreadAlive("close-test")).isTrue();

    tracer.close();

    assertThat(memory.finishedSpans()).hasSize(1);
    assertThat(memory.isShutdown()).isTrue();
    assertThat(reporterThreadAlive("close-test")).isFalse();
    assertAccountedFor(tracer.metrics(), 1);
  }

  @Test
  void finish_afterClose_isCountedAsDroppedShutdown() {
    RingtraceTracer tracer = Ringtrace.builder("late-test").build();
    tracer.close();

    tracer.buildSpan("late").start().finish();

    ReporterMetrics m = tracer.metrics();
    assertThat(m.spansFinished()).isEqualTo(1);
    assertThat(m.droppedShutdown()).isEqualTo(1);
    assertAccountedFor(m, 1);
  }

  @Test
  @Timeout(30) // the export never returns by itself: only the close deadline can end close()
  void close_withHungExporter_returnsAtItsDeadline_andEndsTheReporterThread() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SpanExporter hung =
        new SpanExporter() {
          @Override
          public ExportResult export(List<FinishedSpan> spans) {
            entered.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              return ExportResult.failure(true, spans.size(), "interrupted");
            }
            return ExportResult.success();
          }

          @Override
          public void shutdown() {}
        };
    RingtraceTracer tracer =
        Ringtrace.builder("hung-test")
            .exporter(hung)
            .closeTimeout(Duration.ofSeconds(1))
            .build();
    try {
      tracer.buildSpan("stuck").start().finish();
      tracer.flush(Duration.ZERO); // start the export now rather than after the schedule delay
      entered.await();

      tracer.close();

      assertThat(reporterThreadAlive("hung-test")).isFalse();
      ReporterMetrics m = tracer.metrics();
      assertThat(m.queued()).isZero();
      // The one span is still inside the hung exporter, or counted as lost: never missing.
      assertThat(m.spansExported() + m.droppedTotal() + m.inFlight()).isEqualTo(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void build_batchLargerThanQueue_fails() {
    TracerBuilder builder =
        Ringtrace.builder("bad-config").maxQueueSize(64).maxExportBatchSize(128);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxExportBatchSize");
  }

  @Test
  void reporterOptions_rejectNonsenseAtOnce() {
    TracerBuilder builder = Ringtrace.builder("bad-config");

    assertThatThrownBy(() -> builder.maxQueueSize(0)).hasMessageContaining("maxQueueSize");
    assertThatThrownBy(() -> builder.scheduleDelay(Duration.ZERO))
        .hasMessageContaining("scheduleDelay");
    assertThatThrownBy(() -> builder.closeTimeout(null)).isInstanceOf(NullPointerException.class);
  }
}
