/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.FinishedSpan;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Ships batches of finished spans somewhere: a collector, the console, memory.
 *
 * <p>The reporter calls {@link #exportAsync} from its own thread, one call at a time, never from
 * an application thread; an exporter may therefore block on I/O, but must return within its own
 * timeout. It must not keep the list after returning (the reporter reuses it); it may keep the
 * spans, which are immutable. An exporter that sends over a network may instead answer {@link
 * #exportAsync} before the batch is delivered, so that the reporter prepares the next batch while
 * this one travels; the reporter keeps a bounded number of such exports open.
 *
 * <p>Every span handed over must come back accounted for in the {@link ExportResult}: all
 * exported, some rejected, or all failed.
 */
public interface SpanExporter {

  /**
   * Exports one batch. Must not throw; an exception is treated as a failure of the whole batch.
   *
   * @param spans the batch, not empty; valid only during the call
   * @return the outcome, never {@code null}
   */
  ExportResult export(List<FinishedSpan> spans);

  /**
   * Starts exporting one batch and answers its outcome when it is known. The list is valid only
   * during the call, as for {@link #export}; whatever the exporter needs later (encoded bytes, the
   * spans) it must take before returning. The future must complete, with a result or with an
   * exception (a failure of the whole batch), within the exporter's own timeout, and at once after
   * {@link #shutdown()}. Must not throw.
   *
   * <p>The default calls {@link #export} and answers a completed future.
   *
   * @param spans the batch, not empty; valid only during the call
   * @return the outcome, never {@code null}
   */
  default CompletableFuture<ExportResult> exportAsync(List<FinishedSpan> spans) {
    return CompletableFuture.completedFuture(export(spans));
  }

  /**
   * Releases resources (connections, threads). Called once, by the reporter, after the last
   * {@link #export}; except when an export is still running at the reporter's close deadline
   * (an exporter that hangs): then the closing thread calls it while that export runs, and it
   * should make that export return promptly. Later exports, if any, should fail. Must not throw
   * and must not block on I/O; it may wait a fraction of a second for threads it stopped to end,
   * so that none is left once the tracer is closed.
   */
  void shutdown();
}
