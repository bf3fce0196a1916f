/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.internal.ThrottledLogger;
import io.ringtrace.core.internal.Throwables;
import io.ringtrace.core.internal.ring.MpscRing;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracer's default {@link Reporter}: application threads put finished spans into a bounded
 * lock-free ring; one daemon thread, {@code ringtrace-reporter-<service>}, takes them out in
 * batches and hands each batch to the {@link SpanExporter}. Build one with {@link
 * #builder(SpanExporter)}; the tracer builder does that for you.
 *
 * <h2>Threads</h2>
 *
 * <ul>
 *   <li><b>Application threads</b> call {@link #report}: a read of the closed flag, one
 *       compare-and-set on the ring, one read of the wake-up index. They never wait, never lock,
 *       never allocate. When the ring is full the span is dropped and counted; the exporter's
 *       state never slows them down.
 *   <li><b>The reporter thread</b> owns the batch, the exporter calls and the counters it
 *       publishes. It sleeps until a batch can be filled, the schedule delay has passed, a flush
 *       or close asks for it. It never spins while idle, and producers do not wake it per span:
 *       it tells them which ring index completes a batch, and only the producer that gets that
 *       index unparks it.
 *   <li><b>Callers of {@link #flush} and {@link #close}</b> wait on a condition the reporter
 *       thread signals when it has made progress.
 * </ul>
 *
 * <h2>Batches</h2>
 *
 * A batch is exported when it holds {@code maxExportBatchSize} spans, when {@code scheduleDelay}
 * has passed since the last export (if it holds any span), and on {@link #flush} or {@link
 * #close}. Failed exports are not retried here (exporters that can retry do so themselves): their
 * spans are counted as dropped.
 *
 * <p>Exports go through {@link SpanExporter#exportAsync}. An exporter that answers before its
 * batch is delivered (the HTTP exporters do, once the batch is encoded) lets the reporter thread
 * drain and hand over the next batch while that one travels; at most {@code
 * maxConcurrentExports} such exports are open at once, the reporter thread waits for the oldest
 * before it opens another, and it counts each batch when its outcome arrives (or when its {@code
 * exportTimeout} passes: then as failed).
 *
 * <h2>Memory</h2>
 *
 * At most {@code maxQueueSize} (rounded up to a power of two) spans in the ring plus {@code
 * maxExportBatchSize} in the batch being built or exported, plus what the exporter keeps of the
 * open exports (the HTTP exporters: their encoded requests). Nothing else grows.
 *
 * <h2>Accounting</h2>
 *
 * Every span given to {@link #report} is in exactly one place of {@link ReporterMetrics}, and
 * {@link #metrics()} answers a snapshot in which the identity holds exactly: see there.
 */
public final class BatchingReporter implements Reporter {

  /**
   * Default {@link Builder#maxQueueSize}: {@value} spans (OTEL_BSP_MAX_QUEUE_SIZE); four batches,
   * so that the queue absorbs bursts while a batch is on the wire.
   */
  public static final int DEFAULT_MAX_QUEUE_SIZE = 16384;

  /**
   * Default {@link Builder#maxExportBatchSize}: {@value} spans (OTEL_BSP_MAX_EXPORT_BATCH_SIZE).
   * An export costs a round trip whatever its size; under load, batches this large deliver about
   * four times the spans per second that batches of 512 do (see docs/performance.md).
   */
  public static final int DEFAULT_MAX_EXPORT_BATCH_SIZE = 4096;

  /** Default {@link Builder#scheduleDelay}: {@value} ms (OTEL_BSP_SCHEDULE_DELAY). */
  public static final long DEFAULT_SCHEDULE_DELAY_MILLIS = 1000;

  /** Default {@link Builder#exportTimeout}: {@value} ms (OTEL_BSP_EXPORT_TIMEOUT). */
  public static final long DEFAULT_EXPORT_TIMEOUT_MILLIS = 30_000;

  /**
   * Default {@link Builder#maxConcurrentExports}: {@value}. With two batches on the wire while
   * the reporter thread encodes a third, the pipeline benchmark delivered about half again as many
   * spans per second as with one export at a time.
   */
  public static final int DEFAULT_MAX_CONCURRENT_EXPORTS = 2;

  /** Default {@link Builder#closeTimeout}: {@value} ms. */
  public static final long DEFAULT_CLOSE_TIMEOUT_MILLIS = 5000;

  /** How often, at most, a WARN line reports dropped spans: {@value} ms. */
  public static final long DEFAULT_DROP_LOG_INTERVAL_MILLIS = 60_000;

  private static final Logger LOG = LoggerFactory.getLogger(BatchingReporter.class);

  /** {@link #wakeAtIndex} while the reporter thread is awake: no ring index ever reaches it. */
  private static final long NEVER = Long.MAX_VALUE;

  // Reporter thread states; see #state.
  private static final int RUNNING = 0;
  private static final int DRAINING = 1;
  private static final int ABANDONED = 2;
  private static final int TERMINATED = 3;

  // Phases of #exportWatch, in its two low bits; the export sequence number is above them.
  private static final long WATCH_IDLE = 0;
  private static final long WATCH_RUNNING = 1;
  private static final long WATCH_CLAIMED = 2;
  private static final long WATCH_INTERRUPTED = 3;
  private static final long WATCH_PHASE = 3;

  private static final VarHandle CLOSED;
  private static final VarHandle STATE;
  private static final VarHandle EXPORT_WATCH;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      CLOSED = lookup.findVarHandle(BatchingReporter.class, "closed", boolean.class);
      STATE = lookup.findVarHandle(BatchingReporter.class, "state", int.class);
      EXPORT_WATCH = lookup.findVarHandle(BatchingReporter.class, "exportWatch", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // ------------------------------------------------------------------ configuration (final)

  private final SpanExporter exporter;
  private final String serviceName;
  private final MpscRing<FinishedSpan> ring;
  private final int maxExportBatchSize;
  private final int maxConcurrentExports;
  private final long scheduleDelayNanos;
  private final long exportTimeoutNanos;
  private final Duration closeTimeout;
  private final long dropLogIntervalNanos;
  private final Consumer<String> dropLog;
  private final Thread worker;
  /** Registered with the runtime when the builder asked for it; removed again by close. */
  private final Thread shutdownHook;

  // ------------------------------------------------------------------ read by producers

  /**
   * Set once, by the first {@link #close}, with a compare-and-set; read (volatile) by every {@link
   * #report}. A producer that read {@code false} just before close may still offer its span; the
   * reporter thread drains what was offered before it saw the flag, and what comes later stays in
   * the ring and is counted as dropped at shutdown once the thread has terminated (see {@link
   * #metrics()}).
   */
  private volatile boolean closed;

  /**
   * The ring index whose offer completes a batch, published by the reporter thread (volatile
   * store) before it parks, {@link #NEVER} while it is awake. Read (volatile) by each producer
   * after its index claim. The pair of "store wakeAtIndex, then load producerIndex" on the
   * reporter thread and "CAS producerIndex, then load wakeAtIndex" on the producer is a Dekker
   * handshake: with volatile (sequentially consistent) accesses on both sides, either the
   * reporter sees the claim and does not park, or the producer sees the index and unparks it. No
   * lost wake-up; one unpark per batch.
   */
  private volatile long wakeAtIndex = NEVER;

  /** Spans dropped because the ring was full. Producers add; anyone sums. */
  private final LongAdder droppedQueueFull = new LongAdder();

  /** Spans reported after close. Producers add; anyone sums. */
  private final LongAdder droppedAfterClose = new LongAdder();

  /** Set (volatile, once) by the first producer that found the ring full. */
  private volatile boolean queueFullSeen;

  /**
   * The export in progress, for the export-timeout watchdog: {@code (sequence << 2) | phase}.
   * The reporter thread stores {@code RUNNING} before calling the exporter and moves it back to
   * {@code IDLE} by CAS after. A producer that finds the ring full while the export has run past
   * {@link #exportDeadlineNanos} moves it {@code RUNNING -> CLAIMED} by CAS, interrupts the
   * reporter thread, and stores {@code INTERRUPTED}; the reporter thread, whose CAS then fails,
   * waits for {@code INTERRUPTED} before clearing its interrupt status, so that an interrupt
   * aimed at one export never hits the next. The sequence number defeats ABA.
   */
  private volatile long exportWatch;

  /**
   * When the export in progress is overdue ({@code System.nanoTime()} base). Stored by the
   * reporter thread before the {@code RUNNING} store of {@link #exportWatch} that publishes it.
   */
  private volatile long exportDeadlineNanos;

  // ------------------------------------------------------------------ flush and close

  /**
   * The highest ring index any flush asked for ({@code producerIndex} at its call). Raised by
   * flush callers (CAS max), read by the reporter thread.
   */
  private final AtomicLong flushTarget = new AtomicLong();

  /** Guards waiting on {@link #progress}; never held by a producer. */
  private final ReentrantLock progressLock = new ReentrantLock();

  /** Signalled by the reporter thread after each export and when it terminates. */
  private final Condition progress = progressLock.newCondition();

  /**
   * Threads waiting on {@link #progress}. Written under {@link #progressLock}; read (volatile) by
   * the reporter thread after it published its counters, which lets it skip the lock when nobody
   * waits. Waiters increment it before they read the counters: another Dekker pair, so a waiter
   * either sees the new counters or gets the signal.
   */
  private volatile int progressWaiters;

  /** Set when the exporter's shutdown has been called, by whichever thread got there first. */
  private final AtomicBoolean exporterShutdown = new AtomicBoolean();

  /**
   * {@code RUNNING}, {@code DRAINING} while the reporter thread is taking spans from the ring,
   * {@code ABANDONED} once a close deadline passed (the ring is never drained again), {@code
   * TERMINATED} when the thread is done. {@code RUNNING <-> DRAINING} by the reporter thread;
   * {@code RUNNING -> ABANDONED} by CAS from a closing thread, which therefore never lands
   * mid-drain; {@code -> TERMINATED} by the reporter thread as its last act. Volatile: a reader
   * that sees {@code ABANDONED} or {@code TERMINATED} also sees the final {@link #counters}.
   */
  private volatile int state = RUNNING;

  /** Written by the reporter thread before {@code TERMINATED}: the close drain completed. */
  private volatile boolean drainedCompletely;

  // ------------------------------------------------------------------ owned by the reporter thread

  /** The batch being built or exported. Only the reporter thread touches it. */
  private final ArrayList<FinishedSpan> batch;

  /** Adds drained spans to the batch; allocated once. */
  private final Consumer<FinishedSpan> addToBatch;

  /** Exports handed over and not yet answered for, oldest first. Only the reporter thread. */
  private final ArrayDeque<OpenExport> openExports = new ArrayDeque<>();

  /** Unparks the reporter thread when an open export completes; allocated once. */
  private final BiConsumer<ExportResult, Throwable> wakeWorker;

  // The reporter thread's counters, plain: it is their only writer and reader. Published to
  // other threads by copying them into an immutable Counters through the volatile #counters.
  private long taken;
  private long exported;
  private long droppedExportFailed;
  private long droppedShutdown;
  private long batches;
  private long exportFailures;
  private long lastExportNanos;
  private long highWaterMark;
  private long exportSequence;
  private long lastDropLogNanos;
  private ReporterMetrics lastDropLog;

  /**
   * The reporter thread's counters as of its last change, immutable. Replaced (volatile store)
   * by the reporter thread after each drain and export; read by {@link #metrics()} and flush.
   * One object per batch, never per span.
   */
  private volatile Counters counters = Counters.ZERO;

  private final ThrottledLogger failureLog = new ThrottledLogger(LOG);

  /** How often the reporter thread went to sleep; written by it only, read by tests. */
  private volatile long sleeps;

  private BatchingReporter(Builder builder) {
    this.exporter = builder.exporter;
    this.serviceName = builder.serviceName;
    this.ring = new MpscRing<>(MpscRing.roundToPowerOfTwo(builder.maxQueueSize));
    this.maxExportBatchSize = builder.effectiveMaxExportBatchSize();
    this.maxConcurrentExports = builder.maxConcurrentExports;
    this.scheduleDelayNanos = builder.scheduleDelay.toNanos();
    this.exportTimeoutNanos = saturatedNanos(builder.exportTimeout);
    this.closeTimeout = builder.closeTimeout;
    this.dropLogIntervalNanos = saturatedNanos(builder.dropLogInterval);
    this.dropLog = builder.dropLog != null ? builder.dropLog : LOG::warn;
    this.batch = new ArrayList<>(maxExportBatchSize);
    this.addToBatch = batch::add;
    this.lastDropLog = Counters.ZERO.toMetrics(0, 0, 0, false, 0);
    Thread thread = new Thread(this::runWorker, "ringtrace-reporter-" + serviceName);
    thread.setDaemon(true);
    this.worker = thread;
    this.wakeWorker = (result, failure) -> LockSupport.unpark(thread);
    this.shutdownHook =
        builder.registerShutdownHook
            ? new Thread(this::close, "ringtrace-reporter-" + serviceName + "-shutdown")
            : null;
  }

  /** A builder for a reporter that hands its batches to {@code exporter}. */
  public static Builder builder(SpanExporter exporter) {
    return new Builder(exporter);
  }

  private BatchingReporter start() {
    // As if the last line was one interval ago: the first drop is reported as soon as it is seen.
    lastDropLogNanos = System.nanoTime() - dropLogIntervalNanos;
    worker.start(); // happens-before: the thread sees every field assigned above
    if (shutdownHook != null) Runtime.getRuntime().addShutdownHook(shutdownHook);
    return this;
  }

  // ============================================================ application threads

  /** Never blocks, never throws, never allocates; a span that cannot be queued is counted. */
  @Override
  public void report(FinishedSpan span) {
    if (span == null) return;
    if (closed) {
      droppedAfterClose.increment();
      return;
    }
    long index = ring.offerIndexed(span);
    if (index < 0) {
      onQueueFull();
    } else if (index == wakeAtIndex) {
      LockSupport.unpark(worker); // this span completes a batch: the only wake-up of this batch
    }
  }

  private void onQueueFull() {
    droppedQueueFull.increment();
    if (!queueFullSeen) queueFullSeen = true; // read first: no store to a shared line per drop
    long watch = exportWatch;
    if ((watch & WATCH_PHASE) == WATCH_RUNNING
        && System.nanoTime() - exportDeadlineNanos > 0
        && EXPORT_WATCH.compareAndSet(this, watch, (watch & ~WATCH_PHASE) | WATCH_CLAIMED)) {
      // The export in progress is overdue and spans are being lost: interrupt it, once.
      try {
        worker.interrupt();
      } catch (RuntimeException e) { // SecurityException: leave the export be
        failureLog.debug("could not interrupt an overdue export", e);
      } finally {
        exportWatch = (watch & ~WATCH_PHASE) | WATCH_INTERRUPTED;
      }
    }
  }

  // ============================================================ flush, metrics, close

  /**
   * Exports every span reported before the call (that is, every span whose {@link #report}
   * returned before this call began), and waits for that up to {@code timeout}.
   *
   * @return true if all of them were handed to the exporter and it answered within the timeout
   *     (whether it accepted them or not: see the metrics for that)
   */
  @Override
  public boolean flush(Duration timeout) {
    long deadline = deadlineOf(timeout);
    long target = ring.producerIndex();
    if (counters.completed() >= target) return true;
    if (Thread.currentThread() == worker) return false; // an exporter flushing: cannot wait on us
    flushTarget.accumulateAndGet(target, Math::max);
    LockSupport.unpark(worker);
    return awaitProgress(() -> counters.completed() >= target || state == TERMINATED, deadline)
        && counters.completed() >= target;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The identity holds exactly: the counters of the reporter thread come from one immutable
   * copy it published, and the producers' counters are read after it, so the snapshot is a state
   * the reporter really could have been in (the reporter thread as of its last change, the
   * producers a little later). {@code queued} and {@code inFlight} are never negative. Once the
   * reporter thread has terminated, or a close deadline passed, spans still in the ring are
   * counted as {@code droppedShutdown}: nothing will take them any more.
   */
  @Override
  public ReporterMetrics metrics() {
    return snapshot(false);
  }

  /** {@link #metrics()}; {@code sealed} for the reporter thread that knows it will not drain. */
  private ReporterMetrics snapshot(boolean sealed) {
    int s = state; // first: if sealed, the counters read next are final
    Counters c = counters;
    long producerIndex = ring.producerIndex(); // after the counters: never below c.taken
    return c.toMetrics(
        producerIndex,
        droppedQueueFull.sum(),
        droppedAfterClose.sum(),
        sealed || s == ABANDONED || s == TERMINATED,
        queueFullSeen ? ring.capacity() : c.highWaterMark);
  }

  /** Closes within the configured {@link Builder#closeTimeout}. */
  @Override
  public boolean close() {
    return close(closeTimeout);
  }

  /**
   * Stops accepting spans, exports what is queued, shuts the exporter down and ends the reporter
   * thread, all within {@code timeout}. If the deadline comes first (an exporter that hangs),
   * the reporter thread is interrupted, the exporter is shut down from here, and the spans still
   * queued are counted as dropped at shutdown; the reporter thread ends as soon as the exporter
   * returns. Removes the shutdown hook. Idempotent: later calls wait for the same end.
   *
   * @return true if everything queued at the close was handed to the exporter within the timeout
   */
  @Override
  public boolean close(Duration timeout) {
    long timeoutNanos = saturatedNanos(timeout == null ? Duration.ZERO : timeout);
    long deadline = System.nanoTime() + timeoutNanos;
    if (CLOSED.compareAndSet(this, false, true)) {
      removeShutdownHook();
      LockSupport.unpark(worker);
    }
    if (Thread.currentThread() == worker) return false; // the exporter closing us: cannot wait
    // Keep a little of the time to let an interrupted reporter thread end before we return.
    long grace = Math.min(timeoutNanos / 5, TimeUnit.MILLISECONDS.toNanos(500));
    BooleanSupplier terminated = () -> state == TERMINATED;
    if (!awaitProgress(terminated, deadline - grace)) {
      abandon();
      awaitProgress(terminated, deadline);
    }
    if (state == TERMINATED) awaitThreadEnd(deadline); // TERMINATED is its last store
    return state == TERMINATED && drainedCompletely;
  }

  /** The deadline passed: the ring is not drained again, the export in progress is interrupted. */
  private void abandon() {
    while (true) {
      int s = state;
      if (s == TERMINATED || s == ABANDONED) return;
      if (s == RUNNING && STATE.compareAndSet(this, RUNNING, ABANDONED)) break;
      Thread.onSpinWait(); // DRAINING: a few microseconds of moving references into the batch
    }
    LockSupport.unpark(worker); // in case it cleared the interrupt below before parking
    try {
      worker.interrupt();
    } catch (RuntimeException e) {
      failureLog.debug("could not interrupt the reporter thread", e);
    }
    shutdownExporter(); // may unblock the export in progress
  }

  private void removeShutdownHook() {
    if (shutdownHook == null || Thread.currentThread() == shutdownHook) return;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down already; the hook is running or about to, and will find us closed.
    } catch (RuntimeException e) {
      failureLog.debug("could not remove the shutdown hook", e);
    }
  }

  private void shutdownExporter() {
    if (!exporterShutdown.compareAndSet(false, true)) return;
    try {
      exporter.shutdown();
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      failureLog.warn("Span exporter shutdown threw: {}", t.toString());
    }
  }

  private void awaitThreadEnd(long deadline) {
    try {
      long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      worker.join(Math.max(1, remainingMillis)); // never join(0): that waits forever
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until {@code done} or the deadline; answers {@code done}. Restores interrupts. */
  private boolean awaitProgress(BooleanSupplier done, long deadline) {
    if (done.getAsBoolean()) return true;
    progressLock.lock();
    try {
      progressWaiters++;
      try {
        while (!done.getAsBoolean()) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) return false;
          progress.awaitNanos(remaining);
        }
        return true;
      } finally {
        progressWaiters--;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return done.getAsBoolean();
    } finally {
      progressLock.unlock();
    }
  }

  /** The reporter thread; for tests. */
  Thread workerThread() {
    return worker;
  }

  /** How often the reporter thread went to sleep; for tests. */
  long sleeps() {
    return sleeps;
  }

  /** The registered shutdown hook, or null; for tests. */
  Thread shutdownHookThread() {
    return shutdownHook;
  }

  /** The ring's capacity: the configured queue size rounded up to a power of two. */
  public int queueCapacity() {
    return ring.capacity();
  }

  @Override
  public String toString() {
    return "BatchingReporter{"
        + serviceName
        + ", exporter="
        + exporter
        + ", queueCapacity="
        + ring.capacity()
        + ", maxExportBatchSize="
        + maxExportBatchSize
        + '}';
  }

  // ============================================================ the reporter thread

  private void runWorker() {
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
      if (state == ABANDONED) return;
      if (closed) {
        drainAtClose();
        return;
      }
      Thread.interrupted(); // a stray interrupt would turn parkNanos into a spin
      // Here, not only before sleeping: under overload the loop may never sleep.
      maybeLogDrops(System.nanoTime());
      settleCompletedExports();

      long target = flushTarget.get();
      if (target > exported + droppedExportFailed + droppedShutdown) {
        // Not yet answered for: still in the ring, in the batch, or in an open export.
        drainThrough(target);
        if (!batch.isEmpty()) export();
        awaitOpenExports(0);
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
      long wakeAt = taken + (maxExportBatchSize - batch.size()) - 1;
      wakeAtIndex = wakeAt; // volatile store, then volatile load: see the field
      if (ring.producerIndex() > wakeAt) {
        // Enough spans are claimed to fill the batch, but one is still being stored (its
        // producer is between its CAS and its store): wait for it without sleeping long.
        wakeAtIndex = NEVER;
        backOff(idle++);
        continue;
      }
      idle = 0;
      sleeps++; // NOTE: not atomic, and need not be: the reporter thread is the only writer
      LockSupport.parkNanos(this, nextExport - now);
      wakeAtIndex = NEVER;
    }
  }

  /** Takes spans from the ring until {@code taken >= target}, exporting full batches. */
  private void drainThrough(long target) {
    int idle = 0;
    while (taken < target && state != ABANDONED) {
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
    if (state == ABANDONED) return;
    if (!batch.isEmpty()) export();
    awaitOpenExports(0);
    drainedCompletely = state != ABANDONED && openExports.isEmpty();
  }

  /** Moves what the ring holds into the batch, up to its free space; publishes the counters. */
  private int drain() {
    int room = maxExportBatchSize - batch.size();
    if (room <= 0 || !STATE.compareAndSet(this, RUNNING, DRAINING)) return 0;
    int n;
    try {
      long queued = ring.producerIndex() - taken;
      if (queued > highWaterMark) highWaterMark = queued;
      n = ring.drain(addToBatch, room);
      taken += n;
      if (n > 0) publishCounters();
    } finally {
      state = RUNNING; // volatile: after the counters, so ABANDONED implies final counters
    }
    return n;
  }

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

  /**
   * Hands the batch to the exporter; counts it now if its outcome is known, else keeps it open
   * and, if {@code maxConcurrentExports} are open, waits for the oldest.
   */
  private void export() {
    if (state == ABANDONED) return; // past the deadline: terminate() counts the batch
    final int size = batch.size();
    final long sequence = ++exportSequence;
    batches++;
    final long start = System.nanoTime();
    exportDeadlineNanos = start + exportTimeoutNanos;
    exportWatch = (sequence << 2) | WATCH_RUNNING;
    CompletableFuture<ExportResult> outcome = null;
    Throwable thrown = null;
    try {
      outcome = exporter.exportAsync(batch);
    } catch (Throwable t) {
      thrown = t;
    } finally {
      endWatch(sequence);
    }
    batch.clear(); // the exporter took what it needs during the call
    if (thrown != null || outcome == null || outcome.isDone()) {
      settle(size, start, outcome, thrown);
    } else {
      openExports.add(new OpenExport(outcome, size, start));
      outcome.whenComplete(wakeWorker);
      awaitOpenExports(maxConcurrentExports - 1);
    }
    publishCounters();
  }

  /** Counts the open exports whose outcome has arrived, oldest first. */
  private void settleCompletedExports() {
    boolean settled = false;
    OpenExport open;
    while ((open = openExports.peek()) != null && open.outcome.isDone()) {
      openExports.poll();
      settle(open.size, open.start, open.outcome, null);
      settled = true;
    }
    if (settled) publishCounters();
  }

  /**
   * Waits, oldest first, until at most {@code atMost} exports are open. An export past its {@code
   * exportTimeout} is counted as failed and no longer waited for. Returns early, leaving exports
   * open, if a close deadline passed (they are then counted by {@link #terminate()}).
   */
  private void awaitOpenExports(int atMost) {
    while (openExports.size() > atMost && state != ABANDONED) {
      OpenExport open = openExports.peek();
      long remaining = open.start + exportTimeoutNanos - System.nanoTime();
      Throwable failure = null;
      try {
        open.outcome.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        continue; // from a close that gave up (the loop ends on ABANDONED), or stray: wait on
      } catch (TimeoutException e) {
        failure = e;
        failureLog.warn(
            "Span export ran past its timeout of {}", Duration.ofNanos(exportTimeoutNanos));
      } catch (ExecutionException | CancellationException e) {
        // settle() reads the failure from the future itself
      }
      openExports.poll();
      settle(open.size, open.start, failure == null ? open.outcome : null, failure);
      publishCounters();
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
    lastExportNanos = System.nanoTime() - start;
    int rejected = rejected(result, thrown, size);
    exported += size - rejected;
    if (rejected > 0) {
      exportFailures++;
      if (state == ABANDONED) {
        droppedShutdown += rejected; // the close deadline interrupted it
      } else {
        droppedExportFailed += rejected;
      }
    }
    if (thrown != null) {
      Throwables.propagateIfFatal(thrown); // after the accounting: the batch is counted
      failureLog.warn("Span export threw; spans dropped: {}", thrown.toString());
    } else if (rejected > 0) {
      failureLog.warn("Span export failed; spans dropped: {}", result);
    }
  }

  private void endWatch(long sequence) {
    long running = (sequence << 2) | WATCH_RUNNING;
    if (EXPORT_WATCH.compareAndSet(this, running, (sequence << 2) | WATCH_IDLE)) return;
    // A producer claimed this export for interruption: let it finish, then forget its interrupt.
    long interrupted = (sequence << 2) | WATCH_INTERRUPTED;
    for (int spins = 0; exportWatch != interrupted; spins++) {
      if (spins < 100) Thread.onSpinWait();
      else Thread.yield();
    }
    failureLog.warn(
        "Span export ran past its timeout of {} and was interrupted",
        Duration.ofNanos(exportTimeoutNanos));
    if (state != ABANDONED) Thread.interrupted();
    exportWatch = (sequence << 2) | WATCH_IDLE;
  }

  private static int rejected(ExportResult result, Throwable thrown, int size) {
    if (thrown != null || result == null) return size;
    if (result.isSuccess()) return 0;
    int rejected = result.rejectedSpans();
    return rejected <= 0 || rejected > size ? size : rejected; // a failure loses at least one
  }

  private void terminate() {
    try {
      wakeAtIndex = NEVER;
      shutdownExporter();
      if (!batch.isEmpty()) {
        droppedShutdown += batch.size(); // taken, never exported: abandoned, or the thread died
        batch.clear();
      }
      OpenExport open;
      while ((open = openExports.poll()) != null) {
        if (open.outcome.isDone()) {
          settle(open.size, open.start, open.outcome, null);
        } else {
          droppedShutdown += open.size; // still on the wire when the close deadline passed
        }
      }
      publishCounters();
      logDrops(System.nanoTime(), true); // the last word on what was lost, not rate-limited
    } finally {
      state = TERMINATED; // after the counters: final from here on
      signalProgress();
    }
  }

  private void publishCounters() {
    counters =
        new Counters(
            taken,
            exported,
            droppedExportFailed,
            droppedShutdown,
            batches,
            exportFailures,
            lastExportNanos,
            highWaterMark);
    signalProgress();
  }

  private void signalProgress() {
    if (progressWaiters == 0) return; // volatile read after the volatile store of the counters
    progressLock.lock();
    try {
      progress.signalAll();
    } finally {
      progressLock.unlock();
    }
  }

  private void maybeLogDrops(long now) {
    if (now - lastDropLogNanos < dropLogIntervalNanos) return;
    long dropped =
        droppedQueueFull.sum() + droppedAfterClose.sum() + droppedExportFailed + droppedShutdown;
    if (dropped == lastDropLog.droppedTotal()) return;
    logDrops(now, false);
  }

  private void logDrops(long now, boolean terminating) {
    ReporterMetrics m = snapshot(terminating);
    ReporterMetrics last = lastDropLog;
    long dropped = m.droppedTotal() - last.droppedTotal();
    if (dropped <= 0) return;
    long seconds = TimeUnit.NANOSECONDS.toSeconds(now - lastDropLogNanos);
    try {
      dropLog.accept(
          "Ringtrace reporter of '"
              + serviceName
              + "' dropped "
              + dropped
              + " spans since its last report"
              + (last.spansFinished() == 0 ? "" : " (" + seconds + " s ago)")
              + ": queue full "
              + (m.droppedQueueFull() - last.droppedQueueFull())
              + ", export failed "
              + (m.droppedExportFailed() - last.droppedExportFailed())
              + ", shut down "
              + (m.droppedShutdown() - last.droppedShutdown())
              + "; exported "
              + (m.spansExported() - last.spansExported())
              + "; queue high-water mark "
              + m.queueHighWaterMark()
              + " of "
              + ring.capacity());
    } catch (RuntimeException e) {
      // A logging backend failing is no reason to stop exporting.
    }
    lastDropLog = m;
    lastDropLogNanos = now;
  }

  private static void backOff(int idle) {
    if (idle < 100) {
      Thread.onSpinWait();
    } else if (idle < 200) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
    }
  }

  private static long deadlineOf(Duration timeout) {
    return System.nanoTime() + saturatedNanos(timeout == null ? Duration.ZERO : timeout);
  }

  /** Nanos of a duration, in {@code [0, Long.MAX_VALUE / 2]} so that deadlines never overflow. */
  static long saturatedNanos(Duration d) {
    if (d.isNegative()) return 0;
    if (d.compareTo(Duration.ofDays(365 * 100)) > 0) return Long.MAX_VALUE / 2;
    return Math.min(d.toNanos(), Long.MAX_VALUE / 2);
  }

  // ============================================================ counters

  /** The reporter thread's counters at one instant. Immutable. */
  private static final class Counters {
    static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0);

    final long taken;
    final long exported;
    final long droppedExportFailed;
    final long droppedShutdown;
    final long batches;
    final long exportFailures;
    final long lastExportNanos;
    final long highWaterMark;

    Counters(
        long taken,
        long exported,
        long droppedExportFailed,
        long droppedShutdown,
        long batches,
        long exportFailures,
        long lastExportNanos,
        long highWaterMark) {
      this.taken = taken;
      this.exported = exported;
      this.droppedExportFailed = droppedExportFailed;
      this.droppedShutdown = droppedShutdown;
      this.batches = batches;
      this.exportFailures = exportFailures;
      this.lastExportNanos = lastExportNanos;
      this.highWaterMark = highWaterMark;
    }

    /** Spans taken from the ring that the exporter has answered for. */
    long completed() {
      return exported + droppedExportFailed + droppedShutdown;
    }

    /**
     * The snapshot, with the producers' counters read after this object. {@code producerIndex}
     * counts every span the ring accepted, so spans finished = accepted + dropped before the ring.
     */
    ReporterMetrics toMetrics(
        long producerIndex,
        long droppedQueueFull,
        long droppedAfterClose,
        boolean sealed,
        long queueHighWaterMark) {
      long queued = producerIndex - taken;
      long shutdown = droppedAfterClose + droppedShutdown;
      if (sealed) { // nobody will take them any more
        shutdown += queued;
        queued = 0;
      }
      return new ReporterMetrics(
          producerIndex + droppedQueueFull + droppedAfterClose,
          exported,
          droppedQueueFull,
          droppedExportFailed,
          shutdown,
          queued,
          taken - completed(),
          batches,
          exportFailures,
          queueHighWaterMark,
          lastExportNanos);
    }
  }

  // ============================================================ builder

  /**
   * Configures a {@link BatchingReporter}. The option names follow OpenTelemetry's batch span
   * processor ({@code OTEL_BSP_*}). Setters check their argument and throw {@link
   * IllegalArgumentException} or {@link NullPointerException} naming it; {@link #build()} checks
   * the options against each other. Not thread-safe; each {@link #build()} makes a new reporter
   * with its own thread.
   */
  public static final class Builder {
    private SpanExporter exporter;
    private String serviceName = "unknown_service";
    private int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
    private int maxExportBatchSize; // 0: the default, or the queue size if that is smaller
    private int maxConcurrentExports = DEFAULT_MAX_CONCURRENT_EXPORTS;
    private Duration scheduleDelay = Duration.ofMillis(DEFAULT_SCHEDULE_DELAY_MILLIS);
    private Duration exportTimeout = Duration.ofMillis(DEFAULT_EXPORT_TIMEOUT_MILLIS);
    private Duration closeTimeout = Duration.ofMillis(DEFAULT_CLOSE_TIMEOUT_MILLIS);
    private Duration dropLogInterval = Duration.ofMillis(DEFAULT_DROP_LOG_INTERVAL_MILLIS);
    private boolean registerShutdownHook;
    private Consumer<String> dropLog;

    Builder(SpanExporter exporter) {
      if (exporter == null) throw new NullPointerException("exporter == null");
      this.exporter = exporter;
    }

    /** Where the batches go. */
    public Builder exporter(SpanExporter exporter) {
      if (exporter == null) throw new NullPointerException("exporter == null");
      this.exporter = exporter;
      return this;
    }

    /** Names the reporter thread, {@code ringtrace-reporter-<serviceName>}, and log lines. */
    public Builder serviceName(String serviceName) {
      if (serviceName == null) throw new NullPointerException("serviceName == null");
      this.serviceName = serviceName;
      return this;
    }

    /**
     * Spans the queue holds, rounded up to a power of two; when it is full, finished spans are
     * dropped and counted. Default {@value #DEFAULT_MAX_QUEUE_SIZE}.
     */
    public Builder maxQueueSize(int maxQueueSize) {
      if (maxQueueSize < 1 || maxQueueSize > MpscRing.MAX_CAPACITY) {
        throw new IllegalArgumentException(
            "maxQueueSize must be in [1, " + MpscRing.MAX_CAPACITY + "]: " + maxQueueSize);
      }
      this.maxQueueSize = maxQueueSize;
      return this;
    }

    /**
     * Most spans per export; a batch this full is exported at once. At most {@link
     * #maxQueueSize}. Default {@value #DEFAULT_MAX_EXPORT_BATCH_SIZE}, or the queue size if that
     * is smaller.
     */
    public Builder maxExportBatchSize(int maxExportBatchSize) {
      if (maxExportBatchSize < 1) {
        throw new IllegalArgumentException("maxExportBatchSize must be >= 1: " + maxExportBatchSize);
      }
      this.maxExportBatchSize = maxExportBatchSize;
      return this;
    }

    /**
     * Most exports open at once: handed to an exporter that answered before its batch was
     * delivered (see {@link SpanExporter#exportAsync}). At least 1 (one export at a time). Default
     * {@value #DEFAULT_MAX_CONCURRENT_EXPORTS}.
     */
    public Builder maxConcurrentExports(int maxConcurrentExports) {
      if (maxConcurrentExports < 1) {
        throw new IllegalArgumentException(
            "maxConcurrentExports must be >= 1: " + maxConcurrentExports);
      }
      this.maxConcurrentExports = maxConcurrentExports;
      return this;
    }

    /**
     * Longest time a span waits for its batch to fill: after it, what there is gets exported.
     * Positive. Default {@value #DEFAULT_SCHEDULE_DELAY_MILLIS} ms.
     */
    public Builder scheduleDelay(Duration scheduleDelay) {
      this.scheduleDelay = positive(scheduleDelay, "scheduleDelay");
      return this;
    }

    /**
     * How long one export may take before the reporter thread is interrupted. Checked when a
     * span is dropped for a full queue: an export that overruns while the queue has room harms
     * nobody yet. Exporters should enforce their own, shorter timeouts too. Positive. Default
     * {@value #DEFAULT_EXPORT_TIMEOUT_MILLIS} ms.
     */
    public Builder exportTimeout(Duration exportTimeout) {
      this.exportTimeout = positive(exportTimeout, "exportTimeout");
      return this;
    }

    /**
     * How long {@link BatchingReporter#close()} (and therefore {@code RingtraceTracer.close()}
     * and the shutdown hook) waits for queued spans to be exported. Zero or positive. Default
     * {@value #DEFAULT_CLOSE_TIMEOUT_MILLIS} ms.
     */
    public Builder closeTimeout(Duration closeTimeout) {
      if (closeTimeout == null) throw new NullPointerException("closeTimeout == null");
      if (closeTimeout.isNegative()) {
        throw new IllegalArgumentException("closeTimeout must not be negative: " + closeTimeout);
      }
      this.closeTimeout = closeTimeout;
      return this;
    }

    /**
     * Whether to register a JVM shutdown hook that closes the reporter (exporting what is
     * queued). {@link BatchingReporter#close} removes it again. Default {@code false}.
     */
    public Builder registerShutdownHook(boolean registerShutdownHook) {
      this.registerShutdownHook = registerShutdownHook;
      return this;
    }

    /** For tests: how often, at most, dropped spans are logged. */
    Builder dropLogInterval(Duration dropLogInterval) {
      if (dropLogInterval == null) throw new NullPointerException("dropLogInterval == null");
      this.dropLogInterval = dropLogInterval;
      return this;
    }

    /** For tests: where the dropped-spans lines go instead of the WARN log. */
    Builder dropLog(Consumer<String> dropLog) {
      this.dropLog = dropLog;
      return this;
    }

    /** A started reporter: its thread runs until {@link BatchingReporter#close}. */
    public BatchingReporter build() {
      if (effectiveMaxExportBatchSize() > maxQueueSize) {
        throw new IllegalArgumentException(
            "maxExportBatchSize must not exceed maxQueueSize: "
                + maxExportBatchSize
                + " > "
                + maxQueueSize);
      }
      return new BatchingReporter(this).start();
    }

    int effectiveMaxExportBatchSize() {
      return maxExportBatchSize == 0
          ? Math.min(DEFAULT_MAX_EXPORT_BATCH_SIZE, maxQueueSize)
          : maxExportBatchSize;
    }

    private static Duration positive(Duration d, String name) {
      if (d == null) throw new NullPointerException(name + " == null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
