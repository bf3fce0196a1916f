/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.FinishedSpan;
import java.util.List;

/**
 * Ships batches of finished spans somewhere: a collector, the console, memory.
 *
 * <p>The reporter calls {@link #export} from its own thread, one batch at a time, never from an
 * application thread; an exporter may therefore block on I/O, but must return within its own
 * timeout. It must not keep the list after returning (the reporter reuses it); it may keep the
 * spans, which are immutable.
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
   * Releases resources (connections, threads). Called once, by the reporter, after the last
   * {@link #export}; except when an export is still running at the reporter's close deadline
   * (an exporter that hangs): then the closing thread calls it while that export runs, and it
   * should make that export return promptly. Later exports, if any, should fail. Must not throw
   * and must not block.
   */
  void shutdown();
}
