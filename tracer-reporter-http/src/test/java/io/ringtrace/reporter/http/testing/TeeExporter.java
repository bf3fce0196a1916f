/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.testing;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.core.report.SpanExporter;
import java.util.List;

/** Gives every batch to a real exporter and keeps a copy, so a test knows what was sent. */
public final class TeeExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final InMemorySpanExporter copy = InMemorySpanExporter.create();

  public TeeExporter(SpanExporter delegate) {
    this.delegate = delegate;
  }

  public List<FinishedSpan> sent() {
    return copy.finishedSpans();
  }

  @Override
  public ExportResult export(List<FinishedSpan> spans) {
    copy.export(spans);
    return delegate.export(spans);
  }

  @Override
  public void shutdown() {
    copy.shutdown();
    delegate.shutdown();
  }
}
