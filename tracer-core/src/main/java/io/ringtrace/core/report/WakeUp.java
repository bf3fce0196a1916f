/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import java.util.concurrent.locks.LockSupport;

/**
 * The hand-off between producers and a sleeping reporter thread: the reporter thread names the
 * ring index whose offer completes a batch, and only the producer that gets that index wakes it.
 *
 * <h2>Contract</h2>
 *
 * No lost wake-up, and one unpark per batch: producers do not wake the reporter thread per span,
 * and it never spins while idle. The producer's side ({@link #offered}) is one volatile read and,
 * for one span in a batch, an unpark; it never blocks, locks or allocates.
 *
 * <h2>Memory ordering</h2>
 *
 * {@link #wakeAtIndex} is published by the reporter thread (volatile store, {@link #sleepAt})
 * before it parks, {@link #NEVER} while it is awake. Each producer reads it (volatile) after its
 * index claim on the ring. The pair "store wakeAtIndex, then load producerIndex" on the reporter
 * thread and "CAS producerIndex, then load wakeAtIndex" on the producer is a Dekker handshake:
 * with volatile (sequentially consistent) accesses on both sides, either the reporter thread sees
 * the claim and does not park, or the producer sees the index and unparks it.
 */
final class WakeUp {

  /** {@link #wakeAtIndex} while the reporter thread is awake: no ring index ever reaches it. */
  static final long NEVER = Long.MAX_VALUE;

  private final Thread worker;

  private volatile long wakeAtIndex = NEVER;

  WakeUp(Thread worker) {
    this.worker = worker;
  }

  /** A producer's offer got ring index {@code index}: wakes the reporter thread if it completes a batch. */
  void offered(long index) {
    if (index == wakeAtIndex) {
      LockSupport.unpark(worker); // this span completes a batch: the only wake-up of this batch
    }
  }

  /**
   * Reporter thread, before it checks the ring's producer index and parks: wake me when index
   * {@code index} is offered.
   */
  void sleepAt(long index) {
    wakeAtIndex = index; // volatile store, then the caller's volatile load: see the class
  }

  /** Reporter thread: awake again, producers need not unpark it. */
  void awake() {
    wakeAtIndex = NEVER;
  }

  /** Wakes the reporter thread now (flush, close, a completed export). */
  void now() {
    LockSupport.unpark(worker);
  }
}
