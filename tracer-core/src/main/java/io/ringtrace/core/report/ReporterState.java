/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The life of a {@link BatchingReporter}: whether it accepts spans, and what its reporter thread
 * is doing.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>{@link #close()} answers true exactly once, for the first caller; {@link #isClosed()} is
 *       true from then on.
 *   <li>The thread state moves {@code RUNNING <-> DRAINING} by the reporter thread while it takes
 *       spans from the ring ({@link #beginDrain()}, {@link #endDrain()}); {@code RUNNING ->
 *       ABANDONED} by CAS from a closing thread whose deadline passed ({@link #abandon()}), which
 *       therefore never lands mid-drain, after which the ring is never drained again; {@code ->
 *       TERMINATED} by the reporter thread as its last act ({@link #terminated()}).
 * </ul>
 *
 * <h2>Memory ordering</h2>
 *
 * Both fields are volatile. {@link #closed} is set once by CAS and read by every {@code report}: a
 * producer that read {@code false} just before the close may still offer its span; the reporter
 * thread drains what was offered before it saw the flag, and what comes later stays in the ring
 * and is counted as dropped at shutdown once the state is sealed. The reporter thread publishes
 * its counters before each store of {@code RUNNING} after a drain and before {@code TERMINATED},
 * so a reader that sees {@link #isSealed()} (and reads the counters after it) sees their final
 * values. {@link #drainedCompletely} is written before {@code TERMINATED} and read after it.
 */
final class ReporterState {

  static final int RUNNING = 0;
  static final int DRAINING = 1;
  static final int ABANDONED = 2;
  static final int TERMINATED = 3;

  private static final VarHandle CLOSED;
  private static final VarHandle STATE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      CLOSED = lookup.findVarHandle(ReporterState.class, "closed", boolean.class);
      STATE = lookup.findVarHandle(ReporterState.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile boolean closed;
  private volatile int state = RUNNING;
  /** Written by the reporter thread before {@code TERMINATED}: the close drain completed. */
  private volatile boolean drainedCompletely;

  /** Stops accepting spans; true for the first caller only. */
  boolean close() {
    return CLOSED.compareAndSet(this, false, true);
  }

  boolean isClosed() {
    return closed;
  }

  /** Reporter thread: {@code RUNNING -> DRAINING}; false if abandoned meanwhile. */
  boolean beginDrain() {
    return STATE.compareAndSet(this, RUNNING, DRAINING);
  }

  /** Reporter thread, after {@link #beginDrain()} and after publishing its counters. */
  void endDrain() {
    state = RUNNING;
  }

  /**
   * A close deadline passed: {@code RUNNING -> ABANDONED}, waiting out a drain in progress (a few
   * microseconds of moving references into the batch).
   *
   * @return true if this call abandoned the reporter, false if it was abandoned or ended already
   */
  boolean abandon() {
    while (true) {
      int s = state;
      if (s == TERMINATED || s == ABANDONED) return false;
      if (s == RUNNING && STATE.compareAndSet(this, RUNNING, ABANDONED)) return true;
      Thread.onSpinWait(); // DRAINING
    }
  }

  boolean isAbandoned() {
    return state == ABANDONED;
  }

  /** Reporter thread: its last act, after its final counters are published. */
  void terminated() {
    state = TERMINATED;
  }

  boolean isTerminated() {
    return state == TERMINATED;
  }

  /** Nobody will take spans from the ring any more: abandoned or terminated. */
  boolean isSealed() {
    int s = state;
    return s == ABANDONED || s == TERMINATED;
  }

  /** Reporter thread: whether its close drain exported everything. */
  void drainedCompletely(boolean completely) {
    drainedCompletely = completely;
  }

  /** True once terminated after a close drain that exported everything. */
  boolean endedDrained() {
    return state == TERMINATED && drainedCompletely;
  }
}
