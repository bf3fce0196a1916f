/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.internal.ring.MpscRing;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where every span given to a {@link BatchingReporter} is counted, and the consistent snapshot
 * {@link ReporterMetrics} is made from.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Producers count the spans the ring did not take ({@link #queueFull()}, {@link
 *       #afterClose()}): one {@link LongAdder} increment, no shared store per drop beyond it.
 *   <li>The reporter thread is the only writer of everything else ({@link #drained}, {@link
 *       #exported}) and makes its counters visible with {@link #publish()}, once per drain or
 *       export, never per span.
 *   <li>{@link #snapshot(boolean)} may be called from any thread; in its answer the identity of
 *       {@link ReporterMetrics} holds exactly, and {@code queued} and {@code inFlight} are never
 *       negative.
 * </ul>
 *
 * <h2>Memory ordering</h2>
 *
 * The reporter thread's counters are plain fields: it is their only writer and reader. {@link
 * #publish()} copies them into an immutable {@link Published} and stores it with a volatile write;
 * readers on other threads see only that copy. {@link #snapshot} reads the copy first and the
 * ring's producer index after it (volatile reads, in this order): the index only grows and the
 * copy's {@code taken} was read from the ring before it was published, so {@code producerIndex -
 * taken} is never negative. The producers' adders are summed last: the snapshot is a state the
 * reporter really could have been in (the reporter thread as of its last publish, the producers a
 * little later).
 */
final class ReporterCounters {

  private final MpscRing<?> ring;

  // ------------------------------------------------------------------ producers

  /** Spans dropped because the ring was full. Producers add; anyone sums. */
  private final LongAdder droppedQueueFull = new LongAdder();

  /** Spans reported after close. Producers add; anyone sums. */
  private final LongAdder droppedAfterClose = new LongAdder();

  /** Set (volatile, once) by the first producer that found the ring full. */
  private volatile boolean queueFullSeen;

  // ------------------------------------------------------------------ the reporter thread, plain

  private long taken;
  private long exported;
  private long droppedExportFailed;
  private long droppedShutdown;
  private long batches;
  private long exportFailures;
  private long lastExportNanos;
  private long highWaterMark;

  /**
   * The reporter thread's counters as of its last {@link #publish()}, immutable. Replaced by a
   * volatile store; one object per batch, never per span.
   */
  private volatile Published published = Published.ZERO;

  ReporterCounters(MpscRing<?> ring) {
    this.ring = ring;
  }

  // ------------------------------------------------------------------ producers

  /** A producer found the ring full. */
  void queueFull() {
    droppedQueueFull.increment();
    if (!queueFullSeen) queueFullSeen = true; // read first: no store to a shared line per drop
  }

  /** A producer reported after close. */
  void afterClose() {
    droppedAfterClose.increment();
  }

  // ------------------------------------------------------------------ the reporter thread

  /** Spans taken from the ring so far. Reporter thread only. */
  long taken() {
    return taken;
  }

  /** Spans taken from the ring that the exporter has answered for. Reporter thread only. */
  long completed() {
    return exported + droppedExportFailed + droppedShutdown;
  }

  /** Spans lost so far, producers' drops included. Reporter thread only. */
  long droppedTotal() {
    return droppedQueueFull.sum() + droppedAfterClose.sum() + droppedExportFailed + droppedShutdown;
  }

  /** {@code queued} spans were in the ring before {@code n} were taken. Reporter thread only. */
  void drained(long queued, int n) {
    if (queued > highWaterMark) highWaterMark = queued;
    taken += n;
  }

  /** A batch was handed to the exporter. Reporter thread only. */
  void batchHandedOver() {
    batches++;
  }

  /**
   * The exporter answered for {@code size} spans, {@code rejected} of them lost; after a close
   * deadline passed ({@code abandoned}) they count as dropped at shutdown. Reporter thread only.
   */
  void exported(int size, int rejected, long elapsedNanos, boolean abandoned) {
    lastExportNanos = elapsedNanos;
    exported += size - rejected;
    if (rejected > 0) {
      exportFailures++;
      if (abandoned) {
        droppedShutdown += rejected;
      } else {
        droppedExportFailed += rejected;
      }
    }
  }

  /** Spans taken that will never be exported: the reporter is ending. Reporter thread only. */
  void droppedAtShutdown(int spans) {
    droppedShutdown += spans;
  }

  /** Makes the reporter thread's counters visible to {@link #snapshot} (volatile store). */
  void publish() {
    published =
        new Published(
            taken,
            exported,
            droppedExportFailed,
            droppedShutdown,
            batches,
            exportFailures,
            lastExportNanos,
            highWaterMark);
  }

  // ------------------------------------------------------------------ any thread

  /** {@link #completed()} as of the last {@link #publish()}; any thread. */
  long publishedCompleted() {
    return published.completed();
  }

  /**
   * The snapshot. {@code sealed}: nobody will take spans from the ring any more (a close deadline
   * passed or the reporter thread ended; the caller read that before calling), so what is still in
   * it counts as dropped at shutdown.
   */
  ReporterMetrics snapshot(boolean sealed) {
    Published c = published;
    long producerIndex = ring.producerIndex(); // after the counters: never below c.taken
    return c.toMetrics(
        producerIndex,
        droppedQueueFull.sum(),
        droppedAfterClose.sum(),
        sealed,
        queueFullSeen ? ring.capacity() : c.highWaterMark);
  }

  /** The snapshot of a reporter that has not seen a span yet. */
  static ReporterMetrics zero() {
    return Published.ZERO.toMetrics(0, 0, 0, false, 0);
  }

  /** The reporter thread's counters at one instant. Immutable. */
  private static final class Published {
    static final Published ZERO = new Published(0, 0, 0, 0, 0, 0, 0, 0);

    final long taken;
    final long exported;
    final long droppedExportFailed;
    final long droppedShutdown;
    final long batches;
    final long exportFailures;
    final long lastExportNanos;
    final long highWaterMark;

    Published(
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
}
