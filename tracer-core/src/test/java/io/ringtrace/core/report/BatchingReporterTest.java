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
import io.ringtrace.core.report.TestExporters.GateExporter;
import io.ringtrace.core.report.TestExporters.HungExporter;
import io.ringtrace.core.report.TestExporters.PartialExporter;
import io.ringtrace.core.report.TestExporters.RecordingExporter;
import io.ringtrace.core.report.TestExporters.ThrowingExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BatchingReporterTest {

  private static final Duration LONG = Duration.ofHours(1);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<BatchingReporter> reporters = new ArrayList<>();
  private final List<HungExporter> hungExporters = new ArrayList<>();
  /** Spans the test reported to each reporter, counted by the test itself. */
  private final Map<BatchingReporter, AtomicLong> reported = new IdentityHashMap<>();

  /**
   * Every scenario ends closed, with no thread left and every span the test reported accounted
   * for: exported or dropped, none queued, none in flight.
   */
  @AfterEach
  void closeEverything() throws InterruptedException {
    for (HungExporter hung : hungExporters) hung.release();
    for (BatchingReporter reporter : reporters) {
      reporter.close(Duration.ofSeconds(10));
      reporter.workerThread().join(30_000);
      assertThat(reporter.workerThread().isAlive()).as("reporter thread alive").isFalse();
      assertAccountedFor(reporter.metrics(), reported.get(reporter).get());
    }
  }

  private BatchingReporter start(BatchingReporter.Builder builder) {
    BatchingReporter reporter = builder.build();
    reporters.add(reporter);
    reported.put(reporter, new AtomicLong());
    return reporter;
  }

  private static BatchingReporter.Builder builder(SpanExporter exporter) {
    return BatchingReporter.builder(exporter).serviceName("test-service");
  }

  private HungExporter hung(boolean ignoresInterrupts) {
    HungExporter exporter = new HungExporter(ignoresInterrupts);
    hungExporters.add(exporter);
    return exporter;
  }

  private void report(BatchingReporter reporter, int from, int count) {
    AtomicLong counter = reported.get(reporter);
    for (int i = from; i < from + count; i++) {
      reporter.report(TestSpan.of(i));
      counter.incrementAndGet();
    }
  }

  // ------------------------------------------------------------------ batching

  @Test
  void flush_exportsEverySpanReportedBeforeIt_inOrder() {
    RecordingExporter exporter = new RecordingExporter();
    BatchingReporter reporter = start(builder(exporter).scheduleDelay(LONG));

    report(reporter, 0, 100);

    assertThat(reporter.flush(WAIT)).isTrue();
    assertThat(exporter.spans())
        .extracting(s -> ((TestSpan) s).sequence)
        .containsExactlyElementsOf(sequence(0, 100));
    ReporterMetrics m = reporter.metrics();
    assertThat(m.spansFinished()).isEqualTo(100);
    assertThat(m.spansExported()).isEqualTo(100);
    assertBalanced(m);
  }

  @Test
  void report_fullBatches_areExportedWithoutFlushOrSchedule() {
    RecordingExporter exporter = new RecordingExporter();
    BatchingReporter reporter =
        start(builder(exporter).maxQueueSize(16).maxExportBatchSize(4).scheduleDelay(LONG));

    report(reporter, 0, 8);

    awaitTrue("two batches exported", () -> exporter.spanCount() == 8);
    assertThat(exporter.batches()).extracting(List::size).containsExactly(4, 4);
  }

  @Test
  void queueSmallerThanTheDefaultBatch_batchSizeUnset_exportsTheWholeQueueAsOneBatch() {
    RecordingExporter exporter = new RecordingExporter();
    BatchingReporter reporter = start(builder(exporter).maxQueueSize(16).scheduleDelay(LONG));

    report(reporter, 0, 16);

    awaitTrue("a full batch exported", () -> exporter.spanCount() == 16);
    assertThat(exporter.batches()).extracting(List::size).containsExactly(16);
  }

  @Test
  void batchSizeSetAboveTheQueueSize_isRejected() {
    BatchingReporter.Builder builder =
        builder(new RecordingExporter()).maxQueueSize(16).maxExportBatchSize(32);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxExportBatchSize must not exceed maxQueueSize: 32 > 16");
  }

  @Test
  void report_partialBatch_isExportedOnceTheScheduleDelayPassed() {
    RecordingExporter exporter = new RecordingExporter();
    BatchingReporter reporter = start(builder(exporter).scheduleDelay(Duration.ofMillis(10)));

    report(reporter, 0, 3);

    awaitTrue("the partial batch exported", () -> exporter.spanCount() == 3);
    assertThat(exporter.batches()).allSatisfy(b -> assertThat(b.size()).isLessThan(512));
  }

  @Test
  void report_belowBatchSize_doesNotWakeTheReporterPerSpan() {
    RecordingExporter exporter = new RecordingExporter();
    BatchingReporter reporter =
        start(builder(exporter).maxQueueSize(1024).maxExportBatchSize(512).scheduleDelay(LONG));
    awaitTrue("reporter asleep", () -> reporter.sleeps() >= 1);
    long sleepsBefore = reporter.sleeps();

    report(reporter, 0, 511);
    assertThat(exporter.spanCount()).isZero(); // nobody woke it: the batch is not full
    report(reporter, 511, 1); // the 512th span completes the batch and wakes the reporter

    awaitTrue("full batch exported", () -> exporter.spanCount() == 512);
    assertThat(exporter.batches()).extracting(List::size).containsExactly(512);
    // One wake-up for 512 spans (allowing for a spurious one), not one per span.
    assertThat(reporter.sleeps() - sleepsBefore).isLessThanOrEqualTo(2);
  }

  @Test
  void reporterThread_isADaemonNamedAfterTheService() {
    BatchingReporter reporter = start(builder(new RecordingExporter()));

    assertThat(reporter.workerThread().getName()).isEqualTo("ringtrace-reporter-test-service");
    assertThat(reporter.workerThread().isDaemon()).isTrue();
    assertThat(reporter.workerThread().isAlive()).isTrue();
  }

  @Test
  void idleReporter_sleepsInsteadOfSpinning() {
    BatchingReporter reporter = start(builder(new RecordingExporter()).scheduleDelay(LONG));

    awaitTrue(
        "reporter parked",
        () -> reporter.workerThread().getState() == Thread.State.TIMED_WAITING);
    long sleeps = reporter.sleeps();
    assertThat(sleeps).isBetween(1L, 3L);
  }

  // ------------------------------------------------------------------ ordering and accounting

  @Test
  void report_spansOfEachProducerThread_areExportedInTheOrderItFinishedThem() throws Exception {
    RecordingExporter exporter = new RecordingExporter();
    // A queue for all of them: no drop may hide a reordering.
    BatchingReporter reporter = start(builder(exporter).maxQueueSize(1 << 17));
    int producers = 4;
    int perProducer = 20_000;

    runProducers(reporter, producers, perProducer);
    assertThat(reporter.flush(WAIT)).isTrue();

    int[] last = new int[producers];
    java.util.Arrays.fill(last, -1);
    for (FinishedSpan s : exporter.spans()) {
      TestSpan span = (TestSpan) s;
      assertThat(span.sequence).as("producer %d", span.producer).isGreaterThan(last[span.producer]);
      last[span.producer] = span.sequence;
    }
    ReporterMetrics m = reporter.metrics();
    assertThat(m.spansFinished()).isEqualTo((long) producers * perProducer);
    assertThat(m.spansExported()).isEqualTo(m.spansFinished()).isEqualTo(exporter.spanCount());
    assertBalanced(m);
  }

  @Test
  void metrics_readWhileSpansFlow_balanceInEverySnapshot() throws Exception {
    BatchingReporter reporter =
        start(builder(new RecordingExporter()).maxQueueSize(256).maxExportBatchSize(32));
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              long lastFinished = 0;
              try {
                while (!done.get()) {
                  ReporterMetrics m = reporter.metrics();
                  assertBalanced(m);
                  assertThat(m.spansFinished()).isGreaterThanOrEqualTo(lastFinished);
                  lastFinished = m.spansFinished();
                }
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    reader.start();

    runProducers(reporter, 2, 100_000);
    assertThat(reporter.flush(WAIT)).isTrue();
    done.set(true);
    reader.join();

    assertThat(failure.get()).isNull();
    assertThat(reporter.metrics().spansFinished()).isEqualTo(200_000);
  }

  @Test
  void report_whenQueueIsFull_dropsAndCountsTheSpan() throws Exception {
    HungExporter exporter = hung(false);
    BatchingReporter reporter =
        start(builder(exporter).maxQueueSize(16).maxExportBatchSize(4).scheduleDelay(LONG));
    report(reporter, 0, 4);
    exporter.awaitEntered(); // the reporter holds 4 spans in a hung export

    report(reporter, 4, 100);

    ReporterMetrics m = reporter.metrics();
    assertThat(m.inFlight()).isEqualTo(4);
    assertThat(m.queued()).isEqualTo(16);
    assertThat(m.droppedQueueFull()).isEqualTo(100 - 16);
    assertThat(m.queueHighWaterMark()).isEqualTo(16);
    assertBalanced(m);
  }

  // ------------------------------------------------------------------ failing exporters

  @Test
  void throwingExporter_spansCountAsExportFailed_andReportingGoesOn() {
    ThrowingExporter exporter = new ThrowingExporter();
    BatchingReporter reporter = start(builder(exporter).maxExportBatchSize(8));

    report(reporter, 0, 20);
    assertThat(reporter.flush(WAIT)).isTrue();
    report(reporter, 20, 5);
    assertThat(reporter.flush(WAIT)).isTrue();

    ReporterMetrics m = reporter.metrics();
    assertThat(m.droppedExportFailed()).isEqualTo(25);
    assertThat(m.spansExported()).isZero();
    assertThat(m.exportFailures()).isEqualTo(exporter.calls.get()).isGreaterThanOrEqualTo(4);
    assertThat(reporter.workerThread().isAlive()).isTrue();
    assertBalanced(m);
  }

  @Test
  void partialSuccess_countsOnlyTheRejectedSpansAsExportFailed() {
    PartialExporter exporter = new PartialExporter(1);
    BatchingReporter reporter =
        start(builder(exporter).maxQueueSize(16).maxExportBatchSize(4).scheduleDelay(LONG));

    report(reporter, 0, 8);
    assertThat(reporter.flush(WAIT)).isTrue();

    ReporterMetrics m = reporter.metrics();
    assertThat(m.spansExported()).isEqualTo(exporter.accepted.size()).isEqualTo(6);
    assertThat(m.droppedExportFailed()).isEqualTo(2);
    assertBalanced(m);
  }

  @Test
  void fatalErrorFromExporter_endsTheReporterThread_withTheBatchAccounted() throws Exception {
    OutOfMemoryError fatal = new OutOfMemoryError("simulated");
    BatchingReporter reporter =
        start(builder(new ThrowingExporter(fatal)).maxExportBatchSize(4).scheduleDelay(LONG));
    AtomicReference<Throwable> uncaught = new AtomicReference<>();
    reporter.workerThread().setUncaughtExceptionHandler((t, e) -> uncaught.set(e));

    report(reporter, 0, 4);
    reporter.workerThread().join(30_000);
    report(reporter, 4, 3); // nobody will take these any more

    assertThat(uncaught.get()).isSameAs(fatal);
    ReporterMetrics m = reporter.metrics();
    assertThat(m.droppedExportFailed()).isEqualTo(4);
    assertThat(m.droppedShutdown()).isEqualTo(3);
    assertBalanced(m);
  }

  @Test
  void exportTimeout_overdueExportIsInterrupted_onceSpansAreDropped() throws Exception {
    HungExporter exporter = hung(false);
    BatchingReporter reporter =
        start(
            builder(exporter)
                .maxQueueSize(16)
                .maxExportBatchSize(4)
                .scheduleDelay(LONG)
                .exportTimeout(Duration.ofNanos(1)));
    report(reporter, 0, 4);
    exporter.awaitEntered();
    assertThat(exporter.interrupts.get()).isZero();

    int[] next = {4};
    awaitTrue(
        "the overdue export interrupted",
        () -> {
          report(reporter, next[0]++, 1); // once the ring is full, each drop checks the export
          return exporter.interrupts.get() > 0;
        });

    awaitTrue("failed batch counted", () -> reporter.metrics().droppedExportFailed() >= 4);
    assertThat(reporter.workerThread().isAlive()).isTrue();
    assertBalanced(reporter.metrics());
  }

  // ------------------------------------------------------------------ flush and close

  @Test
  void flush_exportsSpansTheReporterHoldsInAPartialBatch() {
    GateExporter exporter = new GateExporter();
    BatchingReporter reporter =
        start(builder(exporter).maxQueueSize(16).maxExportBatchSize(4).scheduleDelay(LONG));
    report(reporter, 0, 4);
    exporter.awaitBlocked(1);
    report(reporter, 4, 1);
    exporter.allow(1);
    // The reporter takes the fifth span into a new batch and waits for three more, or an hour.
    awaitTrue(
        "fifth span in the batch",
        () -> reporter.metrics().inFlight() == 1 && reporter.metrics().queued() == 0);
    exporter.allow(1);

    assertThat(reporter.flush(WAIT)).isTrue();

    assertThat(reporter.metrics().spansExported()).isEqualTo(5);
  }

  @Test
  void flush_withHungExporter_returnsFalseAtItsTimeout() throws Exception {
    HungExporter exporter = hung(false);
    BatchingReporter reporter = start(builder(exporter).scheduleDelay(LONG));
    report(reporter, 0, 3);

    assertThat(reporter.flush(Duration.ofMillis(50))).isFalse();

    exporter.awaitEntered();
    ReporterMetrics m = reporter.metrics();
    assertThat(m.inFlight()).isEqualTo(3);
    assertBalanced(m);
  }

  @Test
  void close_exportsQueuedSpans_shutsTheExporterDown_andEndsTheThread() {
    RecordingExporter exporter = new RecordingExporter();
    BatchingReporter reporter = start(builder(exporter).scheduleDelay(LONG));
    report(reporter, 0, 5);

    assertThat(reporter.close(WAIT)).isTrue();

    assertThat(reporter.workerThread().isAlive()).isFalse();
    assertThat(exporter.isShutdown()).isTrue();
    assertThat(exporter.spanCount()).isEqualTo(5);
    assertThat(reporter.metrics().spansExported()).isEqualTo(5);
  }

  @Test
  @Timeout(30) // the export never returns by itself: only the close deadline can end the call
  void close_withHungExporter_returnsByItsDeadline() throws Exception {
    HungExporter exporter = hung(true); // ignores interrupts: only release() ends the export
    BatchingReporter reporter =
        start(builder(exporter).maxQueueSize(16).maxExportBatchSize(4).scheduleDelay(LONG));
    report(reporter, 0, 4);
    exporter.awaitEntered();
    report(reporter, 4, 6);

    boolean clean = reporter.close(Duration.ofMillis(300));

    assertThat(clean).isFalse();
    assertThat(exporter.shutdown).isTrue();
    ReporterMetrics m = reporter.metrics();
    assertThat(m.queued()).isZero();
    assertThat(m.droppedShutdown()).isEqualTo(6); // queued at the deadline
    assertThat(m.inFlight()).isEqualTo(4); // still inside the exporter
    assertBalanced(m);
  }

  @Test
  void close_withHungExporterThatHonoursInterrupts_leavesNoThreadAlive() throws Exception {
    HungExporter exporter = hung(false);
    BatchingReporter reporter =
        start(builder(exporter).maxQueueSize(16).maxExportBatchSize(4).scheduleDelay(LONG));
    report(reporter, 0, 6);
    exporter.awaitEntered();

    assertThat(reporter.close(Duration.ofSeconds(2))).isFalse();

    assertThat(reporter.workerThread().isAlive()).isFalse();
    ReporterMetrics m = reporter.metrics();
    assertThat(m.droppedShutdown()).isEqualTo(6);
    assertThat(m.inFlight()).isZero();
    assertBalanced(m);
  }

  @Test
  void report_afterClose_countsAsDroppedShutdown() {
    BatchingReporter reporter = start(builder(new RecordingExporter()));
    report(reporter, 0, 2);
    assertThat(reporter.close(WAIT)).isTrue();

    report(reporter, 2, 3);

    ReporterMetrics m = reporter.metrics();
    assertThat(m.spansFinished()).isEqualTo(5);
    assertThat(m.spansExported()).isEqualTo(2);
    assertThat(m.droppedShutdown()).isEqualTo(3);
    assertBalanced(m);
  }

  @Test
  void close_calledTwice_answersTheSameAndShutsTheExporterDownOnce() {
    int[] shutdowns = {0};
    SpanExporter exporter =
        new SpanExporter() {
          @Override
          public ExportResult export(List<FinishedSpan> spans) {
            return ExportResult.success();
          }

          @Override
          public void shutdown() {
            shutdowns[0]++;
          }
        };
    BatchingReporter reporter = start(builder(exporter));

    assertThat(reporter.close(WAIT)).isTrue();
    assertThat(reporter.close(WAIT)).isTrue();

    assertThat(shutdowns[0]).isEqualTo(1);
  }

  @Test
  void build_withShutdownHook_registersIt() {
    BatchingReporter reporter = start(builder(new RecordingExporter()).registerShutdownHook(true));
    Thread hook = reporter.shutdownHookThread();

    assertThat(hook).isNotNull();
    assertThat(Runtime.getRuntime().removeShutdownHook(hook)).as("was registered").isTrue();
  }

  @Test
  void close_removesTheShutdownHook() {
    BatchingReporter reporter = start(builder(new RecordingExporter()).registerShutdownHook(true));
    Thread hook = reporter.shutdownHookThread();

    reporter.close(WAIT);

    assertThat(Runtime.getRuntime().removeShutdownHook(hook)).as("still registered").isFalse();
  }

  @Test
  void shutdownHook_closesTheReporter_exportingWhatIsQueued() {
    RecordingExporter exporter = new RecordingExporter();
    BatchingReporter reporter =
        start(builder(exporter).scheduleDelay(LONG).registerShutdownHook(true));
    report(reporter, 0, 7);

    reporter.shutdownHookThread().run(); // what the runtime does at exit, on this thread

    assertThat(exporter.spanCount()).isEqualTo(7);
    assertThat(exporter.isShutdown()).isTrue();
    assertThat(reporter.workerThread().isAlive()).isFalse();
  }

  // ------------------------------------------------------------------ the drop log

  @Test
  void dropLog_reportsABurstOfDropsInOneLine_notOnePerSpan() throws Exception {
    HungExporter exporter = hung(false);
    List<String> lines = new CopyOnWriteArrayList<>();
    BatchingReporter reporter =
        start(
            builder(exporter)
                .maxQueueSize(16)
                .maxExportBatchSize(4)
                .scheduleDelay(LONG)
                .dropLogInterval(LONG)
                .dropLog(lines::add));
    report(reporter, 0, 4);
    exporter.awaitEntered();
    report(reporter, 4, 200); // 184 of them dropped

    exporter.release();
    assertThat(reporter.flush(WAIT)).isTrue();
    awaitTrue("a drop line", () -> !lines.isEmpty());
    assertThat(reporter.close(WAIT)).isTrue();

    assertThat(lines).hasSize(1); // no drops after the first line: close adds none
    assertThat(lines.get(0))
        .contains("'test-service' dropped 184 spans")
        .contains("queue full 184")
        .contains("export failed 0")
        .contains("high-water mark 16 of 16");
  }

  @Test
  void dropLog_withinTheInterval_holdsLinesBack_andCloseReportsThem() throws Exception {
    GateExporter exporter = new GateExporter();
    List<String> lines = new CopyOnWriteArrayList<>();
    BatchingReporter reporter =
        start(
            builder(exporter)
                .maxQueueSize(16)
                .maxExportBatchSize(4)
                .scheduleDelay(LONG)
                .dropLogInterval(LONG)
                .dropLog(lines::add));
    // First burst: one export blocked, 16 queued, 14 dropped; then let everything through.
    report(reporter, 0, 4);
    exporter.awaitBlocked(1);
    report(reporter, 4, 30);
    exporter.allow(5);
    assertThat(reporter.flush(WAIT)).isTrue();
    awaitTrue("first drop line", () -> lines.size() == 1);

    // Second burst within the interval: counted, not logged.
    report(reporter, 100, 4);
    exporter.awaitBlocked(6);
    report(reporter, 104, 30);
    exporter.allow(5);
    assertThat(reporter.flush(WAIT)).isTrue();
    assertThat(lines).hasSize(1);

    assertThat(reporter.close(WAIT)).isTrue(); // the last word is not rate-limited

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("dropped 14 spans").contains("queue full 14");
    assertThat(lines.get(1)).contains("dropped 14 spans").contains("queue full 14");
    assertThat(reporter.metrics().droppedQueueFull()).isEqualTo(28);
  }

  @Test
  void dropLog_underSustainedOverload_stillReportsDrops() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    BatchingReporter reporter =
        start(
            builder(new TestExporters.SleepingExporter(1))
                .maxQueueSize(16)
                .maxExportBatchSize(4)
                .dropLog(lines::add));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong counter = reported.get(reporter);
    Thread flood =
        new Thread(
            () -> {
              for (int i = 0; !stop.get(); i++) {
                reporter.report(TestSpan.of(i));
                counter.incrementAndGet();
              }
            });
    flood.start();
    try {
      // The reporter never runs out of full batches, so it never sleeps; it must log anyway.
      awaitTrue("a drop line while the flood goes on", () -> !lines.isEmpty());
    } finally {
      stop.set(true);
      flood.join();
    }

    assertThat(lines.get(0)).contains("queue full");
  }

  // ------------------------------------------------------------------ builder

  @Test
  void build_batchLargerThanQueue_failsNamingBothValues() {
    BatchingReporter.Builder builder =
        builder(new RecordingExporter()).maxQueueSize(100).maxExportBatchSize(101);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("101")
        .hasMessageContaining("100");
  }

  @Test
  void builder_rejectsNonsense_namingTheValue() {
    BatchingReporter.Builder builder = builder(new RecordingExporter());

    assertThatThrownBy(() -> builder.maxQueueSize(0)).hasMessageContaining("maxQueueSize");
    assertThatThrownBy(() -> builder.maxExportBatchSize(-1))
        .hasMessageContaining("maxExportBatchSize");
    assertThatThrownBy(() -> builder.scheduleDelay(Duration.ZERO))
        .hasMessageContaining("scheduleDelay");
    assertThatThrownBy(() -> builder.exportTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("exportTimeout");
    assertThatThrownBy(() -> builder.closeTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("closeTimeout");
    assertThatThrownBy(() -> builder.exporter(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void maxQueueSize_isRoundedUpToAPowerOfTwo() {
    BatchingReporter reporter =
        start(builder(new RecordingExporter()).maxQueueSize(1000).maxExportBatchSize(100));

    assertThat(reporter.queueCapacity()).isEqualTo(1024);
  }

  // ------------------------------------------------------------------ helpers

  private static List<Integer> sequence(int from, int count) {
    List<Integer> list = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) list.add(i);
    return list;
  }

  private void runProducers(BatchingReporter reporter, int producers, int perProducer)
      throws InterruptedException {
    AtomicLong counter = reported.get(reporter);
    Thread[] threads = new Thread[producers];
    for (int p = 0; p < producers; p++) {
      int producer = p;
      threads[p] =
          new Thread(
              () -> {
                for (int i = 0; i < perProducer; i++) {
                  reporter.report(new TestSpan(producer, i));
                  counter.incrementAndGet();
                }
              });
    }
    for (Thread t : threads) t.start();
    for (Thread t : threads) t.join();
  }
}
