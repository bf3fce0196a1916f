/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.internal.ThrottledLogger;
import io.ringtrace.core.internal.ring.MpscRing;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 *
 * <h2>The parts</h2>
 *
 * This class is a facade; each protocol lives in a package-private class whose comment states
 * its contract and memory ordering: {@code ReporterState} (closed flag, thread state), {@code
 * WakeUp} (producers waking the reporter thread), {@code ExportWatchdog} (an overdue export),
 * {@code Progress} (flush and close waiting), {@code ReporterWorker} (the reporter thread's loop),
 * {@code OpenExports} (exports on their way), {@code ReporterCounters} (counters, snapshots),
 * {@code DropLog}, {@code ShutdownHook}. The options are a {@link ReporterConfig}.
 */
public final class BatchingReporter implements Reporter {

  /** Default {@link Builder#maxQueueSize}: {@value} spans; see {@link ReporterConfig}. */
  public static final int DEFAULT_MAX_QUEUE_SIZE = ReporterConfig.DEFAULT_MAX_QUEUE_SIZE;

  /** Default {@link Builder#maxExportBatchSize}: {@value} spans; see {@link ReporterConfig}. */
  public static final int DEFAULT_MAX_EXPORT_BATCH_SIZE =
      ReporterConfig.DEFAULT_MAX_EXPORT_BATCH_SIZE;

  /** Default {@link Builder#scheduleDelay}: {@value} ms; see {@link ReporterConfig}. */
  public static final long DEFAULT_SCHEDULE_DELAY_MILLIS =
      ReporterConfig.DEFAULT_SCHEDULE_DELAY_MILLIS;

  /** Default {@link Builder#exportTimeout}: {@value} ms; see {@link ReporterConfig}. */
  public static final long DEFAULT_EXPORT_TIMEOUT_MILLIS =
      ReporterConfig.DEFAULT_EXPORT_TIMEOUT_MILLIS;

  /** Default {@link Builder#maxConcurrentExports}: {@value}; see {@link ReporterConfig}. */
  public static final int DEFAULT_MAX_CONCURRENT_EXPORTS =
      ReporterConfig.DEFAULT_MAX_CONCURRENT_EXPORTS;

  /** Default {@link Builder#closeTimeout}: {@value} ms; see {@link ReporterConfig}. */
  public static final long DEFAULT_CLOSE_TIMEOUT_MILLIS =
      ReporterConfig.DEFAULT_CLOSE_TIMEOUT_MILLIS;

  /** How often, at most, a WARN line reports dropped spans: {@value} ms. */
  public static final long DEFAULT_DROP_LOG_INTERVAL_MILLIS =
      ReporterConfig.DEFAULT_DROP_LOG_INTERVAL_MILLIS;

  private static final Logger LOG = LoggerFactory.getLogger(BatchingReporter.class);

  private final SpanExporter exporter;
  private final String serviceName;
  private final int maxExportBatchSize;
  private final Duration closeTimeout;
  private final MpscRing<FinishedSpan> ring;
  private final ReporterState state = new ReporterState();
  private final ReporterCounters counters;
  private final Progress progress = new Progress();
  private final WakeUp wakeUp;
  private final ExportWatchdog watchdog;
  private final DropLog dropLog;
  private final ReporterWorker worker;
  private final Thread workerThread;
  /** Registered with the runtime when the builder asked for it; removed again by close. */
  private final ShutdownHook shutdownHook;

  private final ThrottledLogger failureLog = new ThrottledLogger(LOG);

  private BatchingReporter(SpanExporter exporter, ReporterConfig config, Consumer<String> lines) {
    this.exporter = exporter;
    this.serviceName = config.serviceName();
    this.ring = new MpscRing<>(MpscRing.roundToPowerOfTwo(config.maxQueueSize()));
    this.maxExportBatchSize = config.maxExportBatchSize();
    this.closeTimeout = config.closeTimeout();
    this.counters = new ReporterCounters(ring);
    long exportTimeoutNanos = ReporterConfig.saturatedNanos(config.exportTimeout());
    long dropLogIntervalNanos = ReporterConfig.saturatedNanos(config.dropLogInterval());
    Consumer<String> dropLines = lines != null ? lines : LOG::warn;
    this.dropLog = new DropLog(serviceName, ring.capacity(), dropLogIntervalNanos, dropLines);
    // The thread runs the worker assigned below; it starts only in start(), after the constructor.
    Thread thread = new Thread(this::runWorker, "ringtrace-reporter-" + serviceName);
    thread.setDaemon(true);
    this.workerThread = thread;
    this.wakeUp = new WakeUp(thread);
    this.watchdog = new ExportWatchdog(thread, exportTimeoutNanos, state, failureLog);
    this.worker =
        new ReporterWorker(
            exporter,
            ring,
            maxExportBatchSize,
            config.maxConcurrentExports(),
            config.scheduleDelay().toNanos(),
            exportTimeoutNanos,
            counters,
            state,
            progress,
            wakeUp,
            watchdog,
            dropLog,
            failureLog);
    this.shutdownHook =
        new ShutdownHook(config.registerShutdownHook(), serviceName, this::close, failureLog);
  }

  /** A builder for a reporter that hands its batches to {@code exporter}. */
  public static Builder builder(SpanExporter exporter) {
    return new Builder(exporter);
  }

  private BatchingReporter start() {
    dropLog.start(System.nanoTime());
    workerThread.start(); // happens-before: the thread sees every field assigned above
    shutdownHook.register();
    return this;
  }

  private void runWorker() {
    worker.run();
  }

  // ============================================================ application threads

  /** Never blocks, never throws, never allocates; a span that cannot be queued is counted. */
  @Override
  public void report(FinishedSpan span) {
    if (span == null) return;
    if (state.isClosed()) {
      counters.afterClose();
      return;
    }
    long index = ring.offerIndexed(span);
    if (index < 0) {
      counters.queueFull();
      watchdog.onQueueFull();
    } else {
      wakeUp.offered(index);
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
    long deadline = System.nanoTime() + nanosOf(timeout);
    long target = ring.producerIndex();
    if (counters.publishedCompleted() >= target) return true;
    if (Thread.currentThread() == workerThread) return false; // an exporter flushing: cannot wait
    worker.requestFlush(target);
    wakeUp.now();
    return progress.await(
            () -> counters.publishedCompleted() >= target || state.isTerminated(), deadline)
        && counters.publishedCompleted() >= target;
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
    return counters.snapshot(state.isSealed()); // the state first: if sealed, counters are final
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
    long timeoutNanos = nanosOf(timeout);
    long deadline = System.nanoTime() + timeoutNanos;
    if (state.close()) {
      shutdownHook.remove();
      wakeUp.now();
    }
    if (Thread.currentThread() == workerThread) return false; // the exporter closing us
    // Keep a little of the time to let an interrupted reporter thread end before we return.
    long grace = Math.min(timeoutNanos / 5, TimeUnit.MILLISECONDS.toNanos(500));
    BooleanSupplier terminated = state::isTerminated;
    if (!progress.await(terminated, deadline - grace)) {
      abandon();
      progress.await(terminated, deadline);
    }
    if (state.isTerminated()) awaitThreadEnd(deadline); // TERMINATED is its last store
    return state.endedDrained();
  }

  /** The deadline passed: the ring is not drained again, the export in progress is interrupted. */
  private void abandon() {
    if (!state.abandon()) return;
    wakeUp.now(); // in case it cleared the interrupt below before parking
    try {
      workerThread.interrupt();
    } catch (RuntimeException e) {
      failureLog.debug("could not interrupt the reporter thread", e);
    }
    worker.shutdownExporter(); // may unblock the export in progress
  }

  private void awaitThreadEnd(long deadline) {
    try {
      long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      workerThread.join(Math.max(1, remainingMillis)); // never join(0): that waits forever
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The reporter thread; for tests. */
  Thread workerThread() {
    return workerThread;
  }

  /** How often the reporter thread went to sleep; for tests. */
  long sleeps() {
    return worker.sleeps();
  }

  /** The registered shutdown hook, or null; for tests. */
  Thread shutdownHookThread() {
    return shutdownHook.thread();
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

  /** Nanos of {@code timeout} (null: zero), saturated so that deadlines never overflow. */
  private static long nanosOf(Duration timeout) {
    return ReporterConfig.saturatedNanos(timeout == null ? Duration.ZERO : timeout);
  }

  // ============================================================ builder

  /**
   * Configures a {@link BatchingReporter}: an exporter and a {@link ReporterConfig}, whose {@code
   * with} methods define, default and check each option that the setters here set. Setters check
   * their argument and throw {@link IllegalArgumentException} or {@link NullPointerException}
   * naming it; {@link #build()} checks the options against each other. Not thread-safe; each
   * {@link #build()} makes a new reporter with its own thread.
   */
  public static final class Builder {
    private SpanExporter exporter;
    private ReporterConfig config = ReporterConfig.defaults();
    private Consumer<String> dropLog;

    Builder(SpanExporter exporter) {
      exporter(exporter);
    }

    /** Where the batches go. */
    public Builder exporter(SpanExporter exporter) {
      if (exporter == null) throw new NullPointerException("exporter == null");
      this.exporter = exporter;
      return this;
    }

    /** Every option at once, replacing those set before. */
    public Builder config(ReporterConfig config) {
      if (config == null) throw new NullPointerException("config == null");
      this.config = config;
      return this;
    }

    /** See {@link ReporterConfig#withServiceName}. */
    public Builder serviceName(String serviceName) {
      config = config.withServiceName(serviceName);
      return this;
    }

    /**
     * Spans the queue holds, rounded up to a power of two; when it is full, finished spans are
     * dropped and counted. Default {@value #DEFAULT_MAX_QUEUE_SIZE}. See {@link
     * ReporterConfig#withMaxQueueSize}.
     */
    public Builder maxQueueSize(int maxQueueSize) {
      config = config.withMaxQueueSize(maxQueueSize);
      return this;
    }

    /**
     * Most spans per export; a batch this full is exported at once. At most {@link
     * #maxQueueSize}. Default {@value #DEFAULT_MAX_EXPORT_BATCH_SIZE}, or the queue size if that
     * is smaller. See {@link ReporterConfig#withMaxExportBatchSize}.
     */
    public Builder maxExportBatchSize(int maxExportBatchSize) {
      config = config.withMaxExportBatchSize(maxExportBatchSize);
      return this;
    }

    /**
     * Most exports open at once. Default {@value #DEFAULT_MAX_CONCURRENT_EXPORTS}. See {@link
     * ReporterConfig#withMaxConcurrentExports}.
     */
    public Builder maxConcurrentExports(int maxConcurrentExports) {
      config = config.withMaxConcurrentExports(maxConcurrentExports);
      return this;
    }

    /**
     * Longest time a span waits for its batch to fill. Default {@value
     * #DEFAULT_SCHEDULE_DELAY_MILLIS} ms. See {@link ReporterConfig#withScheduleDelay}.
     */
    public Builder scheduleDelay(Duration scheduleDelay) {
      config = config.withScheduleDelay(scheduleDelay);
      return this;
    }

    /**
     * How long one export may take before the reporter thread is interrupted. Default {@value
     * #DEFAULT_EXPORT_TIMEOUT_MILLIS} ms. See {@link ReporterConfig#withExportTimeout}.
     */
    public Builder exportTimeout(Duration exportTimeout) {
      config = config.withExportTimeout(exportTimeout);
      return this;
    }

    /**
     * How long {@link BatchingReporter#close()} (and therefore {@code RingtraceTracer.close()}
     * and the shutdown hook) waits for queued spans to be exported. Default {@value
     * #DEFAULT_CLOSE_TIMEOUT_MILLIS} ms. See {@link ReporterConfig#withCloseTimeout}.
     */
    public Builder closeTimeout(Duration closeTimeout) {
      config = config.withCloseTimeout(closeTimeout);
      return this;
    }

    /**
     * Whether to register a JVM shutdown hook that closes the reporter (exporting what is
     * queued). {@link BatchingReporter#close} removes it again. Default {@code false}.
     */
    public Builder registerShutdownHook(boolean registerShutdownHook) {
      config = config.withRegisterShutdownHook(registerShutdownHook);
      return this;
    }

    /** For tests: how often, at most, dropped spans are logged. */
    Builder dropLogInterval(Duration dropLogInterval) {
      config = config.withDropLogInterval(dropLogInterval);
      return this;
    }

    /** For tests: where the dropped-spans lines go instead of the WARN log. */
    Builder dropLog(Consumer<String> dropLog) {
      this.dropLog = dropLog;
      return this;
    }

    /**
     * A started reporter: its thread runs until {@link BatchingReporter#close}.
     *
     * @throws IllegalArgumentException if {@code maxExportBatchSize} was set above {@code
     *     maxQueueSize}
     */
    public BatchingReporter build() {
      return new BatchingReporter(exporter, config.checkConsistent(), dropLog).start();
    }
  }
}
