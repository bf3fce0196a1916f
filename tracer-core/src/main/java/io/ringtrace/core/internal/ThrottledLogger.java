/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs at most one line per interval; the lines in between are counted and the count is added to
 * the next line that is written. Internal, not for public use.
 *
 * <p>Used for problems that can repeat at request rate (bad headers, misuse of the API) so that a
 * misbehaving caller cannot flood the log. Lock-free; safe from any thread.
 */
public final class ThrottledLogger {

  /** Default interval between two lines. */
  public static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Logger delegate;
  private final long intervalNanos;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  public ThrottledLogger(Logger delegate) {
    this(delegate, DEFAULT_INTERVAL_NANOS);
  }

  public ThrottledLogger(Logger delegate, long intervalNanos) {
    this.delegate = delegate;
    this.intervalNanos = intervalNanos;
  }

  /** Logs at WARN when the interval allows, otherwise counts the line. */
  public void warn(String message, Object arg) {
    if (tryAcquire()) {
      long skipped = suppressed.getAndSet(0);
      if (skipped == 0) {
        delegate.warn(message, arg);
      } else {
        delegate.warn(message + " ({} similar messages suppressed)", arg, skipped);
      }
    } else {
      suppressed.incrementAndGet();
    }
  }

  /**
   * Logs {@code "what (detail)"} at DEBUG, throttled the same way (sharing the interval with
   * {@link #warn}). Costs a level check and nothing else while DEBUG is off.
   */
  public void debug(String what, Object detail) {
    if (!delegate.isDebugEnabled()) return;
    if (tryAcquire()) delegate.debug("{} ({})", what, detail);
  }

  private boolean tryAcquire() {
    long now = System.nanoTime();
    long next = nextAllowed.get();
    if (next != Long.MIN_VALUE && now - next < 0) return false;
    return nextAllowed.compareAndSet(next, now + intervalNanos);
  }
}
