/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.FinishedSpan;
import java.util.List;

/**
 * Accepts every batch and forgets it: spans are recorded and counted as exported, and go nowhere.
 * The tracer's exporter when none is configured; also a baseline for benchmarks. Stateless and
 * thread-safe; {@link #shutdown()} does nothing.
 */
public final class DiscardSpanExporter implements SpanExporter {

  private static final DiscardSpanExporter INSTANCE = new DiscardSpanExporter();

  private DiscardSpanExporter() {}

  /** The one instance. */
  public static DiscardSpanExporter getInstance() {
    return INSTANCE;
  }

  @Override
  public ExportResult export(List<FinishedSpan> spans) {
    return ExportResult.success();
  }

  @Override
  public void shutdown() {}

  @Override
  public String toString() {
    return "DiscardSpanExporter";
  }
}
