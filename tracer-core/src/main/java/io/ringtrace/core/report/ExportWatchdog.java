/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.internal.Spin;
import io.ringtrace.core.internal.ThrottledLogger;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * Interrupts an export that runs past its {@code exportTimeout} while spans are being lost.
 *
 * <h2>Contract</h2>
 *
 * The reporter thread brackets each call into the exporter with {@link #begin} and {@link #end}.
 * A producer that finds the ring full calls {@link #onQueueFull()}: if the export in progress is
 * overdue, exactly one such producer interrupts the reporter thread, once per export. An export
 * that overruns while the ring has room is left alone: it harms nobody yet. An interrupt aimed at
 * one export never hits the next: {@link #end} waits until the interrupting producer is done and
 * then clears the reporter thread's interrupt status (unless a close abandoned the reporter: that
 * interrupt must stay).
 *
 * <h2>Memory ordering</h2>
 *
 * {@link #watch} is {@code (sequence << 2) | phase}, volatile. The reporter thread stores {@code
 * RUNNING} before calling the exporter and moves it back to {@code IDLE} by CAS after. A producer
 * moves it {@code RUNNING -> CLAIMED} by CAS, interrupts, and stores {@code INTERRUPTED}; the
 * reporter thread, whose CAS then fails, spins until it reads {@code INTERRUPTED} before clearing
 * its interrupt status. The sequence number defeats ABA. {@link #deadlineNanos} is stored before
 * the {@code RUNNING} store that publishes it, and read after the producer's read of {@code
 * watch}.
 */
final class ExportWatchdog {

  private static final long IDLE = 0;
  private static final long RUNNING = 1;
  private static final long CLAIMED = 2;
  private static final long INTERRUPTED = 3;
  private static final long PHASE = 3;

  private static final VarHandle WATCH;

  static {
    try {
      WATCH = MethodHandles.lookup().findVarHandle(ExportWatchdog.class, "watch", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Thread worker;
  private final long timeoutNanos;
  private final ReporterState state;
  private final ThrottledLogger failureLog;

  private volatile long watch;
  private volatile long deadlineNanos;

  /** The last export's number; the reporter thread's only. */
  private long sequence;

  ExportWatchdog(
      Thread worker, long timeoutNanos, ReporterState state, ThrottledLogger failureLog) {
    this.worker = worker;
    this.timeoutNanos = timeoutNanos;
    this.state = state;
    this.failureLog = failureLog;
  }

  /** Reporter thread: an export starts at {@code startNanos}; answers its number for {@link #end}. */
  long begin(long startNanos) {
    long s = ++sequence;
    deadlineNanos = startNanos + timeoutNanos;
    watch = (s << 2) | RUNNING;
    return s;
  }

  /** Reporter thread: the exporter returned from export {@code s}. */
  void end(long s) {
    long running = (s << 2) | RUNNING;
    if (WATCH.compareAndSet(this, running, (s << 2) | IDLE)) return;
    // A producer claimed this export for interruption: let it finish, then forget its interrupt.
    long interrupted = (s << 2) | INTERRUPTED;
    for (int rounds = 0; watch != interrupted; ) rounds = Spin.backOff(rounds);
    failureLog.warn(
        "Span export ran past its timeout of {} and was interrupted",
        Duration.ofNanos(timeoutNanos));
    if (!state.isAbandoned()) Thread.interrupted();
    watch = (s << 2) | IDLE;
  }

  /** A producer found the ring full: interrupts the export in progress if it is overdue. */
  void onQueueFull() {
    long w = watch;
    if ((w & PHASE) == RUNNING
        && System.nanoTime() - deadlineNanos > 0
        && WATCH.compareAndSet(this, w, (w & ~PHASE) | CLAIMED)) {
      // The export in progress is overdue and spans are being lost: interrupt it, once.
      try {
        worker.interrupt();
      } catch (RuntimeException e) { // SecurityException: leave the export be
        failureLog.debug("could not interrupt an overdue export", e);
      } finally {
        watch = (w & ~PHASE) | INTERRUPTED;
      }
    }
  }
}
