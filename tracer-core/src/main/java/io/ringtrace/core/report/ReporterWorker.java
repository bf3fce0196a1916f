/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.internal.Spin;
import io.ringtrace.core.internal.ThrottledLogger;
import io.ringtrace.core.internal.Throwables;
import io.ringtrace.core.internal.ring.MpscRing;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the reporter thread of a {@link BatchingReporter} runs: it drains the ring into a batch and
 * hands each batch to the exporter.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>A batch is exported when it holds {@code maxExportBatchSize} spans, when {@code
 *       scheduleDelay} has passed since the last export (if it holds any span), when a flush asks
 *       for spans it holds or the ring holds ({@link #requestFlush}), and at close.
 *   <li>It sleeps until a batch can be filled ({@link WakeUp}), the schedule delay has passed, or
 *       a flush, a close or a completed export unparks it. It never spins while idle.
 *   <li>At close it drains what was offered before it saw the close, exports it and waits for
 *       the open exports; a close deadline ({@link ReporterState#abandon()}) cuts that short.
 *   <li>When it ends, however it ends, it shuts the exporter down, counts what it still holds as
 *       dropped at shutdown, publishes its final counters, writes the last drop line and only then
 *       marks the state {@code TERMINATED}.
 * </ul>
 *
 * <h2>Threads and memory ordering</h2>
 *
 * Owned by the reporter thread: the batch, the loop's locals, {@link OpenExports} and {@link
 * DropLog} are touched by it only. Other threads reach it through {@link #requestFlush} (an
 * {@link AtomicLong} raised by CAS max, read by the reporter thread on each round) and {@link
 * #shutdownExporter()} (at most once, by whichever thread gets there first, through an {@link
 * AtomicBoolean}). After each drain and export it publishes its counters ({@link
 * ReporterCounters#publish()}, a volatile store) and then signals {@link Progress}. {@link #sleeps}
 * has one writer, the reporter thread; it is volatile only so that tests can read it.
 */
final class ReporterWorker implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(BatchingReporter.class);

  private final SpanExporter exporter;
  private final MpscRing<FinishedSpan> ring;
  private final int maxExportBatchSize;
  private final long scheduleDelayNanos;
  private final ReporterCounters counters;
  private final ReporterState state;
  private final Progress progress;
  private final WakeUp wakeUp;
  private final ExportWatchdog watchdog;
  private final OpenExports openExports;
  private final DropLog dropLog;
  private final ThrottledLogger failureLog;

  /**
   * The highest ring index any flush asked for ({@code producerIndex} at its call). Raised by
   * flush callers (CAS max), read by the reporter thread.
   */
  private final AtomicLong flushTarget = new AtomicLong();

  /** Set when the exporter's shutdown has been called, by whichever thread got there first. */
  private final AtomicBoolean exporterShutdown = new AtomicBoolean();

  /** The batch being built or exported. Only the reporter thread touches it. */
  private final ArrayList<FinishedSpan> batch;

  /** Adds drained spans to the batch; allocated once. */
  private final Consumer<FinishedSpan> addToBatch;

  /** How often the reporter thread went to sleep; written by it only, read by tests. */
  private volatile long sleeps;

  ReporterWorker(
      SpanExporter exporter,
      MpscRing<FinishedSpan> ring,
      int maxExportBatchSize,
      int maxConcurrentExports,
      long scheduleDelayNanos,
      long exportTimeoutNanos,
      ReporterCounters counters,
      ReporterState state,
      Progress progress,
      WakeUp wakeUp,
      ExportWatchdog watchdog,
      DropLog dropLog,
      ThrottledLogger failureLog) {
    this.exporter = exporter;
    this.ring = ring;
    this.maxExportBatchSize = maxExportBatchSize;
    this.scheduleDelayNanos = scheduleDelayNanos;
    this.counters = counters;
    this.state = state;
    this.progress = progress;
    this.wakeUp = wakeUp;
    this.watchdog = watchdog;
    this.dropLog = dropLog;
    this.failureLog = failureLog;
    this.batch = new ArrayList<>(maxExportBatchSize);
    this.addToBatch = batch::add;
    this.openExports =
        new OpenExports(
            maxConcurrentExports,
            exportTimeoutNanos,
            counters,
            state,
            failureLog,
            wakeUp,
            this::publishCounters);
  }

  // ============================================================ other threads

  /** A flush wants every span below ring index {@code target} answered for. Any thread. */
  void requestFlush(long target) {
    flushTarget.accumulateAndGet(target, Math::max);
  }

  /** Shuts the exporter down, once, whoever calls first. Any thread; never throws. */
  void shutdownExporter() {
    if (!exporterShutdown.compareAndSet(false, true)) return;
    try {
      exporter.shutdown();
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      failureLog.warn("Span exporter shutdown threw: {}", t.toString());
    }
  }

  /** How often the reporter thread went to sleep; for tests. */
  long sleeps() {
    return sleeps;
  }

  // ============================================================ the reporter thread

  @Override
  public void run() {
    Throwable died = null;
    try {
      work();
    } catch (Throwable t) {
      died = t;
    } finally {
      terminate();
    }
    if (died != null) {
      Throwables.propagateIfFatal(died); // let the thread die visibly
      LOG.error("Ringtrace reporter thread failed; spans are no longer exported", died);
    }
  }

  private void work() {
    long nextExport = System.nanoTime() + scheduleDelayNanos;
    int idle = 0;
    while (true) {
      if (state.isAbandoned()) return;
      if (state.isClosed()) {
        drainAtClose();
        return;
      }
      Thread.interrupted(); // a stray interrupt would turn parkNanos into a spin
      // Here, not only before sleeping: under overload the loop may never sleep.
      maybeLogDrops(System.nanoTime());
      if (openExports.settleCompleted()) publishCounters();

      long target = flushTarget.get();
      if (target > counters.completed()) {
        // Not yet answered for: still in the ring, in the batch, or in an open export.
        drainThrough(target);
        if (!batch.isEmpty()) export();
        openExports.awaitAtMost(0);
        nextExport = System.nanoTime() + scheduleDelayNanos;
        continue;
      }

      int drained = drain();
      if (batch.size() >= maxExportBatchSize) {
        export();
        idle = 0;
        continue;
      }
      long now = System.nanoTime();
      if (now - nextExport >= 0) {
        if (!batch.isEmpty()) export();
        nextExport = System.nanoTime() + scheduleDelayNanos;
        continue;
      }
      if (drained > 0) {
        idle = 0;
        continue; // look again before sleeping
      }

      // Sleep until the producer that completes the batch, a flush, a close or the schedule.
      long wakeAt = counters.taken() + (maxExportBatchSize - batch.size()) - 1;
      wakeUp.sleepAt(wakeAt); // volatile store, then volatile load: see WakeUp
      if (ring.producerIndex() > wakeAt) {
        // Enough spans are claimed to fill the batch, but one is still being stored (its
        // producer is between its CAS and its store): wait for it without sleeping long.
        wakeUp.awake();
        backOff(idle++);
        continue;
      }
      idle = 0;
      sleeps++; // NOTE: not atomic, and need not be: the reporter thread is the only writer
      LockSupport.parkNanos(this, nextExport - now);
      wakeUp.awake();
    }
  }

  /** Takes spans from the ring until {@code taken >= target}, exporting full batches. */
  private void drainThrough(long target) {
    int idle = 0;
    while (counters.taken() < target && !state.isAbandoned()) {
      if (batch.size() >= maxExportBatchSize) export();
      if (drain() > 0) {
        idle = 0;
      } else {
        backOff(idle++); // a producer claimed an index below target and is still storing
      }
    }
  }

  private void drainAtClose() {
    drainThrough(ring.producerIndex()); // what was offered before we saw the close
    if (state.isAbandoned()) return;
    if (!batch.isEmpty()) export();
    openExports.awaitAtMost(0);
    state.drainedCompletely(!state.isAbandoned() && openExports.isEmpty());
  }

  /** Moves what the ring holds into the batch, up to its free space; publishes the counters. */
  private int drain() {
    int room = maxExportBatchSize - batch.size();
    if (room <= 0 || !state.beginDrain()) return 0;
    int n;
    try {
      long queued = ring.producerIndex() - counters.taken();
      n = ring.drain(addToBatch, room);
      counters.drained(queued, n);
      if (n > 0) publishCounters();
    } finally {
      state.endDrain(); // volatile: after the counters, so ABANDONED implies final counters
    }
    return n;
  }

  /**
   * Hands the batch to the exporter; {@link OpenExports} counts it now if its outcome is known,
   * else keeps it open.
   */
  private void export() {
    if (state.isAbandoned()) return; // past the deadline: terminate() counts the batch
    final int size = batch.size();
    counters.batchHandedOver();
    final long start = System.nanoTime();
    final long sequence = watchdog.begin(start);
    CompletableFuture<ExportResult> outcome = null;
    Throwable thrown = null;
    try {
      outcome = exporter.exportAsync(batch);
    } catch (Throwable t) {
      thrown = t;
    } finally {
      watchdog.end(sequence);
    }
    batch.clear(); // the exporter took what it needs during the call
    openExports.add(outcome, thrown, size, start);
    publishCounters();
  }

  private void terminate() {
    try {
      wakeUp.awake();
      shutdownExporter();
      if (!batch.isEmpty()) {
        // taken, never exported: abandoned, or the thread died
        counters.droppedAtShutdown(batch.size());
        batch.clear();
      }
      openExports.abandonAll();
      publishCounters();
      // The last word on what was lost, not rate-limited.
      dropLog.log(System.nanoTime(), counters.snapshot(true));
    } finally {
      state.terminated(); // after the counters: final from here on
      progress.signal();
    }
  }

  private void publishCounters() {
    counters.publish();
    progress.signal();
  }

  private void maybeLogDrops(long now) {
    if (!dropLog.intervalPassed(now)) return;
    if (!dropLog.droppedSinceLast(counters.droppedTotal())) return;
    dropLog.log(now, counters.snapshot(state.isSealed()));
  }

  /** Waiting for a producer that is storing: spin, then yield ({@link Spin}), then park. */
  private static void backOff(int idle) {
    if (idle < 200) {
      Spin.backOff(idle);
    } else {
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
    }
  }
}
