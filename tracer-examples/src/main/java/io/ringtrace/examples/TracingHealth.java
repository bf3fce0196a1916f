/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples;

import io.ringtrace.core.report.ReporterMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns two snapshots of {@code tracer.metrics()} into what an operator should hear about: spans
 * lost since the last look, and why. Call it periodically (say once a minute) with the previous
 * snapshot; an empty answer means every span that finished in between was exported or is still
 * on its way. docs/operations.md explains each problem and what to do about it.
 *
 * <pre>{@code
 * ReporterMetrics before = tracer.metrics();
 * // ... a minute later:
 * ReporterMetrics now = tracer.metrics();
 * for (String problem : TracingHealth.problems(before, now)) log.warn(problem);
 * before = now;
 * }</pre>
 */
public final class TracingHealth {

  private TracingHealth() {}

  /** What went wrong between two snapshots of the same tracer, {@code before} taken first. */
  public static List<String> problems(ReporterMetrics before, ReporterMetrics now) {
    List<String> problems = new ArrayList<>();
    long finished = now.spansFinished() - before.spansFinished();
    long queueFull = now.droppedQueueFull() - before.droppedQueueFull();
    long exportFailed = now.droppedExportFailed() - before.droppedExportFailed();
    long failedBatches = now.exportFailures() - before.exportFailures();
    long shutdown = now.droppedShutdown() - before.droppedShutdown();
    if (queueFull > 0) {
      problems.add(
          queueFull
              + " of "
              + finished
              + " spans dropped because the queue was full"
              + " (the exporter is slower than the span rate, or the collector is down)");
    }
    if (exportFailed > 0) {
      problems.add(
          exportFailed
              + " spans dropped because "
              + failedBatches
              + " exports failed (the collector refused them or could not be reached)");
    }
    if (shutdown > 0) {
      problems.add(
          shutdown + " spans dropped at shutdown (finished after close, or not exported in time)");
    }
    return problems;
  }
}
