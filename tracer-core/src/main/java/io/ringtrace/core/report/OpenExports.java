/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.internal.ThrottledLogger;
import io.ringtrace.core.internal.Throwables;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The exports a {@link BatchingReporter} handed to its exporter and has not counted yet, and the
 * counting of each one when its outcome arrives.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>An export whose outcome is known when the exporter returns (it threw, answered null or a
 *       completed future) is counted at once; any other is kept open, oldest first, and its
 *       completion wakes the reporter thread.
 *   <li>At most {@code maxConcurrentExports} are open: {@link #add} waits for the oldest before it
 *       returns with one too many.
 *   <li>An export past its {@code exportTimeout} is counted as failed and no longer waited for.
 *   <li>Every span handed over is counted exactly once in {@link ReporterCounters}: exported, or
 *       lost for a failed export (the whole batch when the export threw, answered null or failed;
 *       else the spans its {@link ExportResult} rejected, at least one), or dropped at shutdown
 *       when a close deadline interrupted it or it was still open when the reporter ended.
 *   <li>Fatal errors thrown by the exporter are rethrown after their batch is counted.
 * </ul>
 *
 * <h2>Threads and memory ordering</h2>
 *
 * Owned by the reporter thread: the deque and the counting are touched by it only. The exporter
 * completes the futures on threads of its own; the reporter thread reads their outcome through the
 * future ({@code isDone}/{@code get}, which give happens-before from the completion). {@link
 * #onSettled} runs on the reporter thread after each export counted while waiting, so that flush
 * callers see the progress.
 */
final class OpenExports {

  /** An export handed over whose outcome has not arrived yet. */
  private static final class OpenExport {
    final CompletableFuture<ExportResult> outcome;
    final int size;
    final long start;

    OpenExport(CompletableFuture<ExportResult> outcome, int size, long start) {
      this.outcome = outcome;
      this.size = size;
      this.start = start;
    }
  }

  private final ArrayDeque<OpenExport> open = new ArrayDeque<>();
  private final int maxOpen;
  private final long timeoutNanos;
  private final ReporterCounters counters;
  private final ReporterState state;
  private final ThrottledLogger failureLog;
  /** Unparks the reporter thread when an open export completes; allocated once. */
  private final BiConsumer<ExportResult, Throwable> wakeWorker;

  private final Runnable onSettled;

  OpenExports(
      int maxOpen,
      long timeoutNanos,
      ReporterCounters counters,
      ReporterState state,
      ThrottledLogger failureLog,
      WakeUp wakeUp,
      Runnable onSettled) {
    this.maxOpen = maxOpen;
    this.timeoutNanos = timeoutNanos;
    this.counters = counters;
    this.state = state;
    this.failureLog = failureLog;
    this.wakeWorker = (result, failure) -> wakeUp.now();
    this.onSettled = onSettled;
  }

  boolean isEmpty() {
    return open.isEmpty();
  }

  /**
   * The exporter returned {@code outcome} (or threw {@code thrown}) for a batch of {@code size}
   * spans handed over at {@code start}: counts it now if its outcome is known, else keeps it open
   * and, if that makes one too many, waits for the oldest.
   */
  void add(CompletableFuture<ExportResult> outcome, Throwable thrown, int size, long start) {
    if (thrown != null || outcome == null || outcome.isDone()) {
      settle(size, start, outcome, thrown);
    } else {
      open.add(new OpenExport(outcome, size, start));
      outcome.whenComplete(wakeWorker);
      awaitAtMost(maxOpen - 1);
    }
  }

  /** Counts the open exports whose outcome has arrived, oldest first; true if there was one. */
  boolean settleCompleted() {
    boolean settled = false;
    OpenExport o;
    while ((o = open.peek()) != null && o.outcome.isDone()) {
      open.poll();
      settle(o.size, o.start, o.outcome, null);
      settled = true;
    }
    return settled;
  }

  /**
   * Waits, oldest first, until at most {@code atMost} exports are open. An export past its {@code
   * exportTimeout} is counted as failed and no longer waited for. Returns early, leaving exports
   * open, if a close deadline passed (they are then counted by {@link #abandonAll()}).
   */
  void awaitAtMost(int atMost) {
    while (open.size() > atMost && !state.isAbandoned()) {
      OpenExport o = open.peek();
      long remaining = o.start + timeoutNanos - System.nanoTime();
      Throwable failure = null;
      try {
        o.outcome.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        continue; // from a close that gave up (the loop ends on ABANDONED), or stray: wait on
      } catch (TimeoutException e) {
        failure = e;
        failureLog.warn("Span export ran past its timeout of {}", Duration.ofNanos(timeoutNanos));
      } catch (ExecutionException | CancellationException e) {
        // settle() reads the failure from the future itself
      }
      open.poll();
      settle(o.size, o.start, failure == null ? o.outcome : null, failure);
      onSettled.run();
    }
  }

  /**
   * The reporter is ending: counts the exports whose outcome arrived, and the spans of the others
   * as dropped at shutdown (still on the wire when the close deadline passed).
   */
  void abandonAll() {
    OpenExport o;
    while ((o = open.poll()) != null) {
      if (o.outcome.isDone()) {
        settle(o.size, o.start, o.outcome, null);
      } else {
        counters.droppedAtShutdown(o.size);
      }
    }
  }

  /**
   * Counts one export: its result, or the whole batch as lost when it threw, answered null or
   * completed exceptionally ({@code outcome} null or failed, or {@code thrown} set).
   */
  private void settle(
      int size, long start, CompletableFuture<ExportResult> outcome, Throwable thrown) {
    ExportResult result = null;
    if (thrown == null && outcome != null) {
      try {
        result = outcome.getNow(null);
      } catch (CompletionException | CancellationException e) {
        thrown = e.getCause() != null ? e.getCause() : e;
      }
    }
    int rejected = rejected(result, thrown, size);
    // After a close deadline interrupted it, what it lost counts as dropped at shutdown.
    counters.exported(size, rejected, System.nanoTime() - start, state.isAbandoned());
    if (thrown != null) {
      Throwables.propagateIfFatal(thrown); // after the accounting: the batch is counted
      failureLog.warn("Span export threw; spans dropped: {}", thrown.toString());
    } else if (rejected > 0) {
      failureLog.warn("Span export failed; spans dropped: {}", result);
    }
  }

  private static int rejected(ExportResult result, Throwable thrown, int size) {
    if (thrown != null || result == null) return size;
    if (result.isSuccess()) return 0;
    int rejected = result.rejectedSpans();
    return rejected <= 0 || rejected > size ? size : rejected; // a failure loses at least one
  }
}
