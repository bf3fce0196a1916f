/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import static io.ringtrace.core.report.TestExporters.assertAccountedFor;
import static io.ringtrace.core.report.TestExporters.assertBalanced;
import static io.ringtrace.core.report.TestExporters.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringtrace.core.FinishedSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exports whose outcome comes later ({@link SpanExporter#exportAsync} answering an incomplete
 * future): how many are open at once, and how their spans are counted meanwhile and at the end.
 */
class BatchingReporterOpenExportsTest {

  private static final Duration LONG = Duration.ofHours(1);
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Answers every batch with a future the test completes; records the batch sizes. */
  static final class LaterExporter implements SpanExporter {
    final List<CompletableFuture<ExportResult>> outcomes = new CopyOnWriteArrayList<>();
    final List<Integer> sizes = new CopyOnWriteArrayList<>();
    volatile boolean shutdown;
    /** When set, later batches are answered with it at once. */
    volatile ExportResult answerAtOnce;

    @Override
    public ExportResult export(List<FinishedSpan> spans) {
      throw new AssertionError("the reporter calls exportAsync");
    }

    @Override
    public CompletableFuture<ExportResult> exportAsync(List<FinishedSpan> spans) {
      ExportResult atOnce = answerAtOnce;
      CompletableFuture<ExportResult> outcome =
          atOnce != null ? CompletableFuture.completedFuture(atOnce) : new CompletableFuture<>();
      sizes.add(spans.size());
      outcomes.add(outcome);
      return outcome;
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    CompletableFuture<ExportResult> outcome(int i) {
      awaitTrue("export " + i + " handed over", () -> outcomes.size() > i);
      return outcomes.get(i);
    }
  }

  private final List<BatchingReporter> reporters = new ArrayList<>();
  /** Spans the test reported to each reporter, counted by the test itself. */
  private final Map<BatchingReporter, AtomicLong> reported = new IdentityHashMap<>();
  private final LaterExporter exporter = new LaterExporter();

  @AfterEach
  void closeEverything() throws InterruptedException {
    for (CompletableFuture<ExportResult> f : exporter.outcomes) f.complete(ExportResult.success());
    for (BatchingReporter reporter : reporters) {
      reporter.close(Duration.ofSeconds(10));
      reporter.workerThread().join(30_000);
      assertThat(reporter.workerThread().isAlive()).isFalse();
      assertAccountedFor(reporter.metrics(), reported.get(reporter).get());
    }
  }

  private BatchingReporter start(BatchingReporter.Builder builder) {
    BatchingReporter reporter = builder.build();
    reporters.add(reporter);
    reported.put(reporter, new AtomicLong());
    return reporter;
  }

  private BatchingReporter.Builder builder() {
    return BatchingReporter.builder(exporter)
        .serviceName("test-service")
        .maxQueueSize(64)
        .maxExportBatchSize(4)
        .scheduleDelay(LONG);
  }

  private void report(BatchingReporter reporter, int from, int count) {
    AtomicLong counter = reported.get(reporter);
    for (int i = from; i < from + count; i++) {
      reporter.report(TestSpan.of(i));
      counter.incrementAndGet();
    }
  }

  @Test
  void openExports_areCappedAtMaxConcurrentExports_andTheNextWaitsForTheOldest() {
    BatchingReporter reporter = start(builder().maxConcurrentExports(2));

    report(reporter, 0, 12); // three full batches

    exporter.outcome(1);
    // Two open: the reporter thread waits for the oldest before it takes the third batch.
    awaitTrue("the third batch queued", () -> reporter.metrics().queued() == 4);
    assertThat(reporter.metrics().inFlight()).isEqualTo(8);
    assertThat(exporter.outcomes).hasSize(2);

    exporter.outcome(0).complete(ExportResult.success());

    exporter.outcome(2);
    assertThat(exporter.sizes).containsExactly(4, 4, 4);
  }

  @Test
  void whileExportsAreOpen_theirSpansAreInFlight_andCountedWhenTheyComplete() {
    BatchingReporter reporter = start(builder().maxConcurrentExports(4));

    report(reporter, 0, 8);
    exporter.outcome(1);

    ReporterMetrics open = reporter.metrics();
    assertThat(open.inFlight()).isEqualTo(8);
    assertThat(open.spansExported()).isZero();
    assertBalanced(open);

    exporter.outcome(0).complete(ExportResult.success());
    exporter.outcome(1).complete(ExportResult.failure(true, 4, "collector unavailable"));

    awaitTrue("both counted", () -> reporter.metrics().inFlight() == 0);
    ReporterMetrics done = reporter.metrics();
    assertThat(done.spansExported()).isEqualTo(4);
    assertThat(done.droppedExportFailed()).isEqualTo(4);
    assertThat(done.exportFailures()).isEqualTo(1);
    assertBalanced(done);
  }

  @Test
  void anExportCompletingExceptionally_losesItsWholeBatch() {
    BatchingReporter reporter = start(builder());

    report(reporter, 0, 4);
    exporter.outcome(0).completeExceptionally(new IllegalStateException("broken exporter"));

    awaitTrue("counted", () -> reporter.metrics().droppedExportFailed() == 4);
    assertBalanced(reporter.metrics());
  }

  @Test
  void flush_waitsForTheOpenExports() {
    BatchingReporter reporter = start(builder());

    report(reporter, 0, 3); // less than a batch: only the flush exports it

    assertThat(reporter.flush(Duration.ofMillis(200))).isFalse();
    exporter.outcome(0).complete(ExportResult.success());

    assertThat(reporter.flush(WAIT)).isTrue();
    assertThat(reporter.metrics().spansExported()).isEqualTo(3);
  }

  @Test
  void anOpenExportPastTheExportTimeout_isCountedAsFailed_andTheNextBatchGoesOut() {
    BatchingReporter reporter =
        start(builder().maxConcurrentExports(1).exportTimeout(Duration.ofMillis(100)));

    report(reporter, 0, 8);
    exporter.outcome(0); // never answered
    exporter.answerAtOnce = ExportResult.success(); // the second batch, once the first timed out

    awaitTrue("second batch counted", () -> reporter.metrics().spansExported() == 4);
    ReporterMetrics m = reporter.metrics();
    assertThat(m.droppedExportFailed()).isEqualTo(4); // the first never answered
    assertBalanced(m);
  }

  @Test
  void close_withAnExportThatNeverCompletes_countsItAsDroppedAtShutdown() {
    BatchingReporter reporter = start(builder());
    report(reporter, 0, 4);
    exporter.outcome(0);

    boolean closed = reporter.close(Duration.ofMillis(300));

    assertThat(closed).isFalse();
    awaitTrue("terminated", () -> !reporter.workerThread().isAlive());
    ReporterMetrics m = reporter.metrics();
    assertThat(m.droppedShutdown()).isEqualTo(4);
    assertThat(m.inFlight()).isZero();
    assertThat(exporter.shutdown).isTrue();
    assertBalanced(m);
  }

  @Test
  void close_countsOpenExportsThatCompleteBeforeItsDeadline() {
    BatchingReporter reporter = start(builder());
    report(reporter, 0, 4);
    CompletableFuture<ExportResult> open = exporter.outcome(0);

    new Thread(() -> open.complete(ExportResult.success())).start();

    assertThat(reporter.close(WAIT)).isTrue();
    assertThat(reporter.metrics().spansExported()).isEqualTo(4);
  }

  @Test
  void maxConcurrentExports_belowOne_isRejected() {
    assertThatThrownBy(() -> BatchingReporter.builder(exporter).maxConcurrentExports(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentExports must be >= 1: 0");
  }
}
