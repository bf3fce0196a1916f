/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.core.report.SpanExporter;
import java.util.List;

/**
 * Keeps spans in memory like {@link InMemorySpanExporter}, but is not one: a tracer built with it
 * sends spans through the queue and the batching reporter, for tests of that path.
 */
final class BatchedMemoryExporter implements SpanExporter {

  final InMemorySpanExporter memory = InMemorySpanExporter.create();

  @Override
  public ExportResult export(List<FinishedSpan> spans) {
    return memory.export(spans);
  }

  @Override
  public void shutdown() {
    memory.shutdown();
  }
}
