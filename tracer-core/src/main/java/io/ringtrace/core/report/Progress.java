/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Where callers of {@code flush} and {@code close} wait for the reporter thread: it {@link
 * #signal()}s after it published new counters and when it ends; they {@link #await} a condition
 * over those counters until a deadline.
 *
 * <h2>Contract</h2>
 *
 * A waiter that starts waiting before a signal is woken by it; the reporter thread takes the lock
 * only when somebody waits. Never touched by producers.
 *
 * <h2>Memory ordering</h2>
 *
 * {@link #waiters} is written under {@link #lock} and read (volatile) by the reporter thread after
 * the volatile store that published its counters. A waiter increments it before it reads the
 * counters (in {@code done}): a Dekker pair, so a waiter either sees the new counters or gets the
 * signal.
 */
final class Progress {

  /** Guards waiting on {@link #progress}. */
  private final ReentrantLock lock = new ReentrantLock();

  private final Condition progress = lock.newCondition();

  private volatile int waiters;

  /** Wakes the waiters, if any. Call after publishing what they wait for. */
  void signal() {
    if (waiters == 0) return; // volatile read after the volatile store of the counters
    lock.lock();
    try {
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until {@code done} or the deadline; answers {@code done}. Restores interrupts. */
  boolean await(BooleanSupplier done, long deadlineNanos) {
    if (done.getAsBoolean()) return true;
    lock.lock();
    try {
      waiters++;
      try {
        while (!done.getAsBoolean()) {
          long remaining = deadlineNanos - System.nanoTime();
          if (remaining <= 0) return false;
          progress.awaitNanos(remaining);
        }
        return true;
      } finally {
        waiters--;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return done.getAsBoolean();
    } finally {
      lock.unlock();
    }
  }
}
