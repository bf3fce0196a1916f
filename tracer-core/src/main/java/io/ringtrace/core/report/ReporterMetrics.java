/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

/**
 * One consistent snapshot of the reporter's counters, from {@code RingtraceTracer.metrics()}.
 *
 * <p>Every sampled span that finished is in exactly one of these places, so at any moment:
 *
 * <pre>
 * spansFinished = spansExported + droppedQueueFull + droppedExportFailed + droppedShutdown
 *               + queued + inFlight
 * </pre>
 */
public final class ReporterMetrics {

  private final long spansFinished;
  private final long spansExported;
  private final long droppedQueueFull;
  private final long droppedExportFailed;
  private final long droppedShutdown;
  private final long queued;
  private final long inFlight;
  private final long batches;
  private final long exportFailures;
  private final long queueHighWaterMark;
  private final long lastExportNanos;

  /** For reporters; users read metrics, they do not make them. */
  public ReporterMetrics(
      long spansFinished,
      long spansExported,
      long droppedQueueFull,
      long droppedExportFailed,
      long droppedShutdown,
      long queued,
      long inFlight,
      long batches,
      long exportFailures,
      long queueHighWaterMark,
      long lastExportNanos) {
    this.spansFinished = spansFinished;
    this.spansExported = spansExported;
    this.droppedQueueFull = droppedQueueFull;
    this.droppedExportFailed = droppedExportFailed;
    this.droppedShutdown = droppedShutdown;
    this.queued = queued;
    this.inFlight = inFlight;
    this.batches = batches;
    this.exportFailures = exportFailures;
    this.queueHighWaterMark = queueHighWaterMark;
    this.lastExportNanos = lastExportNanos;
  }

  /** Sampled spans that finished (and were offered to the reporter). */
  public long spansFinished() {
    return spansFinished;
  }

  /** Spans the exporter reported as delivered. */
  public long spansExported() {
    return spansExported;
  }

  /** Spans dropped because the queue was full when they finished. */
  public long droppedQueueFull() {
    return droppedQueueFull;
  }

  /** Spans dropped because their export failed or the receiver rejected them. */
  public long droppedExportFailed() {
    return droppedExportFailed;
  }

  /** Spans that finished after the tracer was closed, or were still queued at the close deadline. */
  public long droppedShutdown() {
    return droppedShutdown;
  }

  /** Spans waiting in the queue. */
  public long queued() {
    return queued;
  }

  /**
   * Spans taken from the queue and not yet accounted for by the exporter: the batch being filled
   * and the batches on their way to the collector.
   */
  public long inFlight() {
    return inFlight;
  }

  /** Batches handed to the exporter. */
  public long batches() {
    return batches;
  }

  /** Batches whose export failed in whole or in part. */
  public long exportFailures() {
    return exportFailures;
  }

  /** The largest queue length seen. */
  public long queueHighWaterMark() {
    return queueHighWaterMark;
  }

  /** How long the last export took, in nanoseconds. */
  public long lastExportNanos() {
    return lastExportNanos;
  }

  /** All spans dropped, for any reason. */
  public long droppedTotal() {
    return droppedQueueFull + droppedExportFailed + droppedShutdown;
  }

  @Override
  public String toString() {
    return "ReporterMetrics{finished="
        + spansFinished
        + ", exported="
        + spansExported
        + ", droppedQueueFull="
        + droppedQueueFull
        + ", droppedExportFailed="
        + droppedExportFailed
        + ", droppedShutdown="
        + droppedShutdown
        + ", queued="
        + queued
        + ", inFlight="
        + inFlight
        + ", batches="
        + batches
        + ", exportFailures="
        + exportFailures
        + ", queueHighWaterMark="
        + queueHighWaterMark
        + ", lastExportNanos="
        + lastExportNanos
        + '}';
  }
}
