/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.FinishedSpan;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands each finished span to an {@link InMemorySpanExporter} on the thread that finishes it, so
 * that the span is in {@link InMemorySpanExporter#finishedSpans()} when {@code finish()} returns:
 * no queue to fill, no reporter thread, nothing to flush. The tracer builder picks this reporter
 * when the exporter is an {@code InMemorySpanExporter}, and the {@link BatchingReporter} for every
 * other exporter; it exists for tests, where that is what {@code MockTracer} and the Jaeger
 * client's {@code InMemoryReporter} do.
 *
 * <p>Only for the in-memory exporter, which neither blocks nor fails: any exporter that does I/O
 * would put its cost on the application thread. Thread-safe: spans finished on many threads at
 * once are each exported exactly once.
 */
public final class SynchronousReporter implements Reporter {

  private final InMemorySpanExporter exporter;
  private final ReentrantLock lock = new ReentrantLock();
  // All guarded by lock, so that metrics() is one consistent snapshot.
  private long finished;
  private long exported;
  private long droppedExportFailed;
  private long droppedShutdown;
  private long batches;
  private long exportFailures;
  private boolean closed;

  private SynchronousReporter(InMemorySpanExporter exporter) {
    this.exporter = exporter;
  }

  /** A reporter that exports every span to {@code exporter} inside {@link #report}. */
  public static SynchronousReporter create(InMemorySpanExporter exporter) {
    if (exporter == null) throw new NullPointerException("exporter == null");
    return new SynchronousReporter(exporter);
  }

  /**
   * Exports {@code span} before returning; after {@link #close} the span is dropped and counted
   * as {@link ReporterMetrics#droppedShutdown()}.
   */
  @Override
  public void report(FinishedSpan span) {
    lock.lock();
    try {
      finished++;
      if (closed) {
        droppedShutdown++;
        return;
      }
      batches++;
      ExportResult result = exportOne(span);
      if (result.isSuccess()) {
        exported++;
      } else {
        exportFailures++;
        droppedExportFailed++;
      }
    } finally {
      lock.unlock();
    }
  }

  private ExportResult exportOne(FinishedSpan span) {
    try {
      return exporter.export(Collections.singletonList(span));
    } catch (RuntimeException e) {
      return ExportResult.failure(false, 1, e.toString());
    }
  }

  /** Nothing waits: every span reported is already exported. Always true. */
  @Override
  public boolean flush(Duration timeout) {
    return true;
  }

  @Override
  public ReporterMetrics metrics() {
    lock.lock();
    try {
      return new ReporterMetrics(
          finished, exported, 0, droppedExportFailed, droppedShutdown, 0, 0, batches,
          exportFailures, 0, 0);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops accepting spans and shuts the exporter down; its spans stay readable. Idempotent.
   * Always true: nothing is ever queued.
   */
  @Override
  public boolean close(Duration timeout) {
    lock.lock();
    try {
      if (closed) return true;
      closed = true;
    } finally {
      lock.unlock();
    }
    exporter.shutdown();
    return true;
  }
}
