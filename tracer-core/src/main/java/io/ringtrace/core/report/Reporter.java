/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.FinishedSpan;
import java.time.Duration;

/**
 * Takes finished sampled spans from the tracer and gets them to a {@link SpanExporter}. The
 * tracer owns one; users configure it through the tracer builder.
 */
public interface Reporter {

  /**
   * Accepts a finished span. Called on the application thread: never blocks, never throws; a
   * span that cannot be taken is dropped and counted.
   */
  void report(FinishedSpan span);

  /**
   * Exports everything reported before the call.
   *
   * @return true if that finished within {@code timeout}
   */
  boolean flush(Duration timeout);

  /** The counters, as one consistent snapshot. */
  ReporterMetrics metrics();

  /**
   * Stops accepting spans, exports what is queued within {@code timeout}, shuts the exporter
   * down. Idempotent.
   *
   * @return true if everything queued was exported within the timeout
   */
  boolean close(Duration timeout);

  /**
   * {@link #close(Duration)} with the reporter's own deadline; {@code RingtraceTracer.close()}
   * calls this. The default waits {@value ReporterConfig#DEFAULT_CLOSE_TIMEOUT_MILLIS} ms.
   */
  default boolean close() {
    return close(ReporterConfig.DEFAULT_CLOSE_TIMEOUT);
  }
}
