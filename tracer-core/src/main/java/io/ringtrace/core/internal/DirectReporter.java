/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.Reporter;
import io.ringtrace.core.report.ReporterMetrics;
import io.ringtrace.core.report.SpanExporter;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Internal, not for public use. Hands each span to the exporter on the calling thread. Only for exporters that never block
 * (memory, discard); the tracer's default reporter queues and batches instead.
 */
public final class DirectReporter implements Reporter {

  private final SpanExporter exporter;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong finished = new AtomicLong();
  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong droppedExportFailed = new AtomicLong();
  private final AtomicLong droppedShutdown = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  private DirectReporter(SpanExporter exporter) {
    this.exporter = exporter;
  }

  public static Reporter create(SpanExporter exporter) {
    return new DirectReporter(exporter);
  }

  @Override
  public void report(FinishedSpan span) {
    finished.incrementAndGet();
    if (closed.get()) {
      droppedShutdown.incrementAndGet();
      return;
    }
    batches.incrementAndGet();
    ExportResult result;
    try {
      result = exporter.export(Collections.singletonList(span));
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      result = ExportResult.failure(false, 1, t.toString());
    }
    if (result.isSuccess()) {
      exported.incrementAndGet();
    } else {
      failures.incrementAndGet();
      droppedExportFailed.incrementAndGet();
    }
  }

  @Override
  public boolean flush(Duration timeout) {
    return true;
  }

  @Override
  public ReporterMetrics metrics() {
    return new ReporterMetrics(
        finished.get(),
        exported.get(),
        0,
        droppedExportFailed.get(),
        droppedShutdown.get(),
        0,
        0,
        batches.get(),
        failures.get(),
        0,
        0);
  }

  @Override
  public boolean close(Duration timeout) {
    if (closed.compareAndSet(false, true)) exporter.shutdown();
    return true;
  }
}
