/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

/**
 * What one POST of one request body came to, or, from the retry loop, what all attempts at it
 * came to: delivered (perhaps with spans the collector rejected), worth another attempt (perhaps
 * after a wait the collector asked for), or failed for good. Immutable.
 */
final class AttemptResult {

  enum Kind {
    /** A 2xx answer: the request arrived; {@link #rejectedSpans} of it were refused. */
    DELIVERED,
    /** Transient: the same request may succeed later. */
    RETRY,
    /** Permanent: sending it again would not help. */
    PERMANENT
  }

  private static final AttemptResult DELIVERED_ALL = new AttemptResult(Kind.DELIVERED, null, 0, -1);

  final Kind kind;
  /** Why it failed, or which spans the collector rejected and why; null if there is nothing to say. */
  final String message;
  /** Spans a 2xx answer said were rejected (OTLP partial success), else 0. */
  final int rejectedSpans;
  /** The wait a {@code Retry-After} asked for, in nanoseconds; -1 if none. */
  final long retryAfterNanos;

  private AttemptResult(Kind kind, String message, int rejectedSpans, long retryAfterNanos) {
    this.kind = kind;
    this.message = message;
    this.rejectedSpans = rejectedSpans;
    this.retryAfterNanos = retryAfterNanos;
  }

  static AttemptResult delivered() {
    return DELIVERED_ALL;
  }

  static AttemptResult delivered(int rejectedSpans, String message) {
    return new AttemptResult(Kind.DELIVERED, message, rejectedSpans, -1);
  }

  static AttemptResult retry(String message) {
    return new AttemptResult(Kind.RETRY, message, 0, -1);
  }

  /** Transient, and the collector asked to wait {@code retryAfterNanos} (-1: it did not say). */
  static AttemptResult retry(String message, long retryAfterNanos) {
    return new AttemptResult(Kind.RETRY, message, 0, retryAfterNanos);
  }

  static AttemptResult permanent(String message) {
    return new AttemptResult(Kind.PERMANENT, message, 0, -1);
  }

  @Override
  public String toString() {
    return kind + (message == null ? "" : ": " + message);
  }
}
