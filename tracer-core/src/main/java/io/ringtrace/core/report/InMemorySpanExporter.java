/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.FinishedSpan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps exported spans in memory, for tests (ours and users'), as {@code MockTracer} does.
 * Unbounded: do not use in production.
 *
 * <p>A tracer built with this exporter hands it each span inside {@code finish()} (see {@link
 * SynchronousReporter}): the span is in {@link #finishedSpans()} as soon as {@code finish()}
 * returns, on any thread, with no flush; no span is dropped for a full queue; no reporter thread
 * runs; and {@link #reset()} forgets every span finished before it.
 *
 * <pre>{@code
 * InMemorySpanExporter memory = InMemorySpanExporter.create();
 * RingtraceTracer tracer = Ringtrace.builder("test").exporter(memory).build();
 * tracer.buildSpan("get").start().finish();
 * assertThat(memory.finishedSpans()).hasSize(1);
 * }</pre>
 *
 * <p>Given to any other reporter (for example wrapped in another exporter), it gets the spans in
 * batches, like any exporter. Thread-safe.
 */
public final class InMemorySpanExporter implements SpanExporter {

  private final ReentrantLock lock = new ReentrantLock();
  private final List<FinishedSpan> spans = new ArrayList<>(); // guarded by lock
  private boolean shutdown; // guarded by lock

  private InMemorySpanExporter() {}

  /** A new, empty exporter. */
  public static InMemorySpanExporter create() {
    return new InMemorySpanExporter();
  }

  @Override
  public ExportResult export(List<FinishedSpan> batch) {
    lock.lock();
    try {
      if (shutdown) return ExportResult.failure(false, batch.size(), "exporter shut down");
      spans.addAll(batch);
      return ExportResult.success();
    } finally {
      lock.unlock();
    }
  }

  /** A copy of the spans exported so far, in export (for a tracer: finish) order. */
  public List<FinishedSpan> finishedSpans() {
    lock.lock();
    try {
      return Collections.unmodifiableList(new ArrayList<>(spans));
    } finally {
      lock.unlock();
    }
  }

  /** Forgets the spans exported so far. */
  public void reset() {
    lock.lock();
    try {
      spans.clear();
    } finally {
      lock.unlock();
    }
  }

  /** True once {@link #shutdown()} was called. */
  public boolean isShutdown() {
    lock.lock();
    try {
      return shutdown;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
    } finally {
      lock.unlock();
    }
  }
}
