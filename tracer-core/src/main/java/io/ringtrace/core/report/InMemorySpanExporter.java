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
 * Keeps exported spans in memory, for tests (ours and users'). Unbounded: do not use in
 * production.
 *
 * <pre>{@code
 * InMemorySpanExporter memory = InMemorySpanExporter.create();
 * RingtraceTracer tracer = Ringtrace.builder("test").exporter(memory).build();
 * ...
 * tracer.flush(Duration.ofSeconds(1));
 * assertThat(memory.finishedSpans()).hasSize(1);
 * }</pre>
 */
public final class InMemorySpanExporter implements SpanExporter {

  private final ReentrantLock lock = new ReentrantLock();
  private final List<FinishedSpan> spans = new ArrayList<>(); // guarded by lock
  private boolean shutdown; // guarded by lock

  private InMemorySpanExporter() {}

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

  /** A copy of the spans exported so far, in export order. */
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
