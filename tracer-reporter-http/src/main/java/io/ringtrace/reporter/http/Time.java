/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Clocks and sleeping, replaceable in tests so that backoff can be checked without waiting. */
abstract class Time {

  static final Time SYSTEM =
      new Time() {
        @Override
        long nanoTime() {
          return System.nanoTime();
        }

        @Override
        long currentTimeMillis() {
          return System.currentTimeMillis();
        }

        @Override
        void sleep(long nanos, CountDownLatch wake) throws InterruptedException {
          wake.await(nanos, TimeUnit.NANOSECONDS);
        }
      };

  /** For deadlines. */
  abstract long nanoTime();

  /** For {@code Retry-After} dates. */
  abstract long currentTimeMillis();

  /** Waits {@code nanos}, or less if {@code wake} is counted down (the exporter shuts down). */
  abstract void sleep(long nanos, CountDownLatch wake) throws InterruptedException;
}
