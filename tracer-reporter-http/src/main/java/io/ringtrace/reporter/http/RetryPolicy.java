/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * When the HTTP exporters send a request again, as data: how many attempts, how long to wait
 * between them, which answers and which failures are worth another attempt, and how a {@code
 * Retry-After} is read. The OTLP specification's rules: 429, 502, 503 and 504 and failed or timed
 * out connections are transient; any other answer, and a TLS failure, is permanent.
 *
 * <p>Immutable; the exporter's retry loop (in {@link HttpExporter}) applies it, each attempt
 * ({@link HttpAttempt}) classifies its failure with it.
 */
final class RetryPolicy {

  /** Answers that mean "not now": the request may succeed later. */
  static final Set<Integer> RETRYABLE_STATUSES = Set.of(429, 502, 503, 504);

  /** The longest {@code Retry-After} taken literally: one day. */
  private static final long MAX_RETRY_AFTER_MILLIS = TimeUnit.DAYS.toMillis(1);

  /**
   * What a request that ended with an exception means, first match wins (the types are ordered
   * from the most to the least specific): whether to try again, whether the response future must
   * be cancelled to free its connection, and the reason for the log line.
   */
  static final List<FailureRule> FAILURE_RULES =
      List.of(
          new FailureRule(HttpConnectTimeoutException.class, true, false, t -> "connect timed out"),
          new FailureRule(HttpTimeoutException.class, true, true, t -> "timed out"),
          new FailureRule(ConnectException.class, true, false, t -> "connection refused"),
          // An untrusted certificate does not heal by itself.
          new FailureRule(SSLException.class, false, false, t -> "TLS failure: " + t.getMessage()),
          new FailureRule(IOException.class, true, true, t -> "connection failed: " + t),
          new FailureRule(Throwable.class, false, false, t -> "request failed: " + t));

  /** One row of {@link #FAILURE_RULES}. */
  static final class FailureRule {
    final Class<? extends Throwable> type;
    final boolean retry;
    final boolean cancel;
    final Function<Throwable, String> reason;

    FailureRule(
        Class<? extends Throwable> type,
        boolean retry,
        boolean cancel,
        Function<Throwable, String> reason) {
      this.type = type;
      this.retry = retry;
      this.cancel = cancel;
      this.reason = reason;
    }
  }

  final int maxAttempts;
  final long initialBackoffNanos;
  final long maxBackoffNanos;
  /** Each wait is this many times the one before, up to {@link #maxBackoffNanos}. */
  final double multiplier;

  RetryPolicy(int maxAttempts, long initialBackoffNanos, long maxBackoffNanos, double multiplier) {
    this.maxAttempts = maxAttempts;
    this.initialBackoffNanos = initialBackoffNanos;
    this.maxBackoffNanos = maxBackoffNanos;
    this.multiplier = multiplier;
  }

  static RetryPolicy of(HttpExporterConfig config) {
    return new RetryPolicy(
        config.maxAttempts,
        config.initialBackoffNanos,
        config.maxBackoffNanos,
        HttpExporterConfig.BACKOFF_MULTIPLIER);
  }

  /** Whether an answer with this status may succeed if sent again. */
  static boolean retryable(int status) {
    return RETRYABLE_STATUSES.contains(status);
  }

  /** The rule for a request that failed with {@code cause}. */
  static FailureRule ruleFor(Throwable cause) {
    for (FailureRule rule : FAILURE_RULES) {
      if (rule.type.isInstance(cause)) return rule;
    }
    throw new AssertionError("the last rule matches every Throwable");
  }

  /** The back-off after {@code backoffNanos}: {@link #multiplier} times longer, capped. */
  long next(long backoffNanos) {
    return (long) Math.min(maxBackoffNanos, backoffNanos * multiplier);
  }

  /**
   * The wait before the next attempt: the collector's {@code Retry-After} when it gave one ({@code
   * retryAfterNanos >= 0}), else somewhere between half the back-off and all of it, so that many
   * clients do not retry as one.
   */
  static long delay(long backoffNanos, long retryAfterNanos) {
    if (retryAfterNanos >= 0) return retryAfterNanos;
    long half = backoffNanos / 2;
    return half + ThreadLocalRandom.current().nextLong(half + 1);
  }

  /** {@code Retry-After} in nanoseconds (delay-seconds or an HTTP date), or -1 if absent or bad. */
  static long retryAfterNanos(String header, long nowMillis) {
    if (header == null) return -1;
    String value = header.trim();
    if (value.isEmpty()) return -1;
    if (Character.isDigit(value.charAt(0))) {
      try {
        long seconds = Long.parseLong(value);
        return TimeUnit.SECONDS.toNanos(
            Math.min(seconds, TimeUnit.MILLISECONDS.toSeconds(MAX_RETRY_AFTER_MILLIS)));
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    try {
      long at =
          ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant()
              .toEpochMilli();
      return TimeUnit.MILLISECONDS.toNanos(
          Math.max(0, Math.min(at - nowMillis, MAX_RETRY_AFTER_MILLIS)));
    } catch (DateTimeParseException e) {
      return -1;
    }
  }
}
