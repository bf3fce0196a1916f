/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ringtrace.core.FinishedSpan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Exporters that misbehave on purpose, and helpers shared by the reporter tests. */
final class TestExporters {

  private TestExporters() {}

  /**
   * Fails the test unless every one of the {@code finished} spans the test itself finished is
   * accounted for in the metrics of a closed reporter: exported or dropped for one of the
   * reasons, none queued, none in flight.
   */
  static void assertAccountedFor(ReporterMetrics m, long finished) {
    assertThat(m.spansFinished()).as("spans finished in %s", m).isEqualTo(finished);
    assertThat(m.queued()).as("queued in %s", m).isZero();
    assertThat(m.inFlight()).as("inFlight in %s", m).isZero();
    assertThat(
            m.spansExported()
                + m.droppedQueueFull()
                + m.droppedExportFailed()
                + m.droppedShutdown())
        .as("exported + dropped in %s", m)
        .isEqualTo(finished);
  }

  /**
   * Fails the test unless the counters of one snapshot agree with each other (the identity of
   * DESIGN.md). Only for a snapshot taken while spans move; after close, use {@link
   * #assertAccountedFor} with the test's own count.
   */
  static void assertBalanced(ReporterMetrics m) {
    assertThat(m.queued()).as("queued in %s", m).isNotNegative();
    assertThat(m.inFlight()).as("inFlight in %s", m).isNotNegative();
    assertThat(
            m.spansExported()
                + m.droppedQueueFull()
                + m.droppedExportFailed()
                + m.droppedShutdown()
                + m.queued()
                + m.inFlight())
        .as("exported + dropped + queued + inFlight in %s", m)
        .isEqualTo(m.spansFinished());
  }

  /** Waits for a condition another thread brings about; fails after a generous bound. */
  static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) fail("timed out waiting until " + what);
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting until " + what);
      }
    }
  }

  /** Records every batch it is given (sizes and spans). */
  static final class RecordingExporter implements SpanExporter {
    private final List<List<FinishedSpan>> batches = new ArrayList<>();
    private volatile boolean shutdown;

    @Override
    public synchronized ExportResult export(List<FinishedSpan> spans) {
      batches.add(new ArrayList<>(spans));
      return ExportResult.success();
    }

    synchronized List<List<FinishedSpan>> batches() {
      return new ArrayList<>(batches);
    }

    synchronized List<FinishedSpan> spans() {
      List<FinishedSpan> all = new ArrayList<>();
      for (List<FinishedSpan> b : batches) all.addAll(b);
      return all;
    }

    synchronized int spanCount() {
      int n = 0;
      for (List<FinishedSpan> b : batches) n += b.size();
      return n;
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    boolean isShutdown() {
      return shutdown;
    }
  }

  /**
   * Blocks in every export until {@link #release()}d. Answers an interrupt with a retryable
   * failure unless told to ignore interrupts, as a blocking socket read would.
   */
  static final class HungExporter implements SpanExporter {
    final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final boolean ignoresInterrupts;
    final AtomicInteger interrupts = new AtomicInteger();
    final AtomicInteger exported = new AtomicInteger();
    volatile boolean shutdown;

    HungExporter() {
      this(false);
    }

    HungExporter(boolean ignoresInterrupts) {
      this.ignoresInterrupts = ignoresInterrupts;
    }

    @Override
    public ExportResult export(List<FinishedSpan> spans) {
      entered.countDown();
      while (true) {
        try {
          released.await();
          exported.addAndGet(spans.size());
          return ExportResult.success();
        } catch (InterruptedException e) {
          interrupts.incrementAndGet();
          if (!ignoresInterrupts) return ExportResult.failure(true, spans.size(), "interrupted");
        }
      }
    }

    void release() {
      released.countDown();
    }

    void awaitEntered() throws InterruptedException {
      assertThat(entered.await(30, TimeUnit.SECONDS)).as("export entered").isTrue();
    }

    @Override
    public void shutdown() {
      shutdown = true; // deliberately does not release: the worst case
    }
  }

  /**
   * Each export waits for one permit; {@link #allow} hands them out. Lets a test block the
   * reporter exactly when it wants to.
   */
  static final class GateExporter implements SpanExporter {
    private final java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(0);
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public ExportResult export(List<FinishedSpan> spans) {
      calls.incrementAndGet();
      try {
        permits.acquire();
        return ExportResult.success();
      } catch (InterruptedException e) {
        return ExportResult.failure(true, spans.size(), "interrupted");
      }
    }

    void allow(int exports) {
      permits.release(exports);
    }

    /** Waits until the {@code n}th export has begun and is waiting for its permit. */
    void awaitBlocked(int n) {
      awaitTrue("export " + n + " blocked", () -> calls.get() >= n && permits.hasQueuedThreads());
    }

    @Override
    public void shutdown() {
      permits.release(Integer.MAX_VALUE / 2); // let a blocked export go
    }
  }

  /** Sleeps in every export, then accepts the batch. */
  static final class SleepingExporter implements SpanExporter {
    private final long millis;

    SleepingExporter(long millis) {
      this.millis = millis;
    }

    @Override
    public ExportResult export(List<FinishedSpan> spans) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExportResult.failure(true, spans.size(), "interrupted");
      }
      return ExportResult.success();
    }

    @Override
    public void shutdown() {}
  }

  /** Throws from every export. */
  static final class ThrowingExporter implements SpanExporter {
    final AtomicInteger calls = new AtomicInteger();
    private final Throwable toThrow;

    ThrowingExporter() {
      this(new IllegalStateException("exporter is broken"));
    }

    ThrowingExporter(Throwable toThrow) {
      this.toThrow = toThrow;
    }

    @Override
    public ExportResult export(List<FinishedSpan> spans) {
      calls.incrementAndGet();
      if (toThrow instanceof RuntimeException) throw (RuntimeException) toThrow;
      throw (Error) toThrow;
    }

    @Override
    public void shutdown() {}
  }

  /** Answers a partial success: the last {@code rejected} spans of each batch are rejected. */
  static final class PartialExporter implements SpanExporter {
    private final int rejected;
    final List<FinishedSpan> accepted = Collections.synchronizedList(new ArrayList<>());

    PartialExporter(int rejected) {
      this.rejected = rejected;
    }

    @Override
    public ExportResult export(List<FinishedSpan> spans) {
      int n = Math.min(rejected, spans.size());
      accepted.addAll(spans.subList(0, spans.size() - n));
      return ExportResult.partialSuccess(n, "rejected " + n);
    }

    @Override
    public void shutdown() {}
  }
}
