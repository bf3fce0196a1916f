/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The WARN line that says how many spans a {@link BatchingReporter} lost, and where: at most one
 * per interval, only when something new was lost, and a last one, not rate-limited, when the
 * reporter thread ends.
 *
 * <h2>Contract</h2>
 *
 * Each line counts the drops since the previous line (queue full, export failed, shut down), the
 * spans exported meanwhile, and the queue's high-water mark. A logging backend that throws is
 * ignored: it is no reason to stop exporting.
 *
 * <h2>Threads and memory ordering</h2>
 *
 * Owned by the reporter thread: {@link #start} is called before that thread starts (its start
 * happens-before everything it does), every other method on it only. All fields are plain.
 */
final class DropLog {

  private final String serviceName;
  private final int queueCapacity;
  private final long intervalNanos;
  private final Consumer<String> sink;

  private long lastNanos;
  private ReporterMetrics last = ReporterCounters.zero();

  DropLog(String serviceName, int queueCapacity, long intervalNanos, Consumer<String> sink) {
    this.serviceName = serviceName;
    this.queueCapacity = queueCapacity;
    this.intervalNanos = intervalNanos;
    this.sink = sink;
  }

  /** As if the last line was one interval ago: the first drop is reported as soon as it is seen. */
  void start(long nowNanos) {
    lastNanos = nowNanos - intervalNanos;
  }

  /** Whether the interval since the last line has passed. */
  boolean intervalPassed(long nowNanos) {
    return nowNanos - lastNanos >= intervalNanos;
  }

  /** Whether {@code droppedTotal} differs from the count in the last line. */
  boolean droppedSinceLast(long droppedTotal) {
    return droppedTotal != last.droppedTotal();
  }

  /** Writes the line for what {@code now} adds to the last one, if it adds a drop. */
  void log(long nowNanos, ReporterMetrics now) {
    ReporterMetrics previous = last;
    long dropped = now.droppedTotal() - previous.droppedTotal();
    if (dropped <= 0) return;
    long seconds = TimeUnit.NANOSECONDS.toSeconds(nowNanos - lastNanos);
    try {
      sink.accept(
          "Ringtrace reporter of '"
              + serviceName
              + "' dropped "
              + dropped
              + " spans since its last report"
              + (previous.spansFinished() == 0 ? "" : " (" + seconds + " s ago)")
              + ": queue full "
              + (now.droppedQueueFull() - previous.droppedQueueFull())
              + ", export failed "
              + (now.droppedExportFailed() - previous.droppedExportFailed())
              + ", shut down "
              + (now.droppedShutdown() - previous.droppedShutdown())
              + "; exported "
              + (now.spansExported() - previous.spansExported())
              + "; queue high-water mark "
              + now.queueHighWaterMark()
              + " of "
              + queueCapacity);
    } catch (RuntimeException e) {
      // A logging backend failing is no reason to stop exporting.
    }
    last = now;
    lastNanos = nowNanos;
  }
}
