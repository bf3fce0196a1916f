/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

/**
 * The outcome of {@link SpanExporter#export}: how many spans of the batch were accepted and, if
 * not all, whether the failure was transient. Immutable.
 */
public final class ExportResult {

  /** Whether the batch, or the part of it that was not accepted, failed for a transient reason. */
  public enum Failure {
    /** Nothing failed. */
    NONE,
    /** The receiver could take the spans later (timeouts, 429, 503, connection refused). */
    RETRYABLE,
    /** Sending again will not help (400, 413, encoding error, exporter shut down). */
    PERMANENT
  }

  private static final ExportResult SUCCESS = new ExportResult(Failure.NONE, 0, null);

  private final Failure failure;
  private final int rejectedSpans;
  private final String message;

  private ExportResult(Failure failure, int rejectedSpans, String message) {
    this.failure = failure;
    this.rejectedSpans = rejectedSpans;
    this.message = message;
  }

  /** Every span of the batch was accepted. */
  public static ExportResult success() {
    return SUCCESS;
  }

  /**
   * The receiver accepted the batch but rejected {@code rejectedSpans} of its spans (OTLP partial
   * success). Those are counted as dropped and not sent again.
   */
  public static ExportResult partialSuccess(int rejectedSpans, String message) {
    if (rejectedSpans <= 0) return SUCCESS;
    return new ExportResult(Failure.PERMANENT, rejectedSpans, message);
  }

  /** The whole batch failed; {@code batchSize} spans are lost. */
  public static ExportResult failure(boolean retryable, int batchSize, String message) {
    return new ExportResult(
        retryable ? Failure.RETRYABLE : Failure.PERMANENT, Math.max(0, batchSize), message);
  }

  /** True when every span was accepted. */
  public boolean isSuccess() {
    return failure == Failure.NONE;
  }

  public Failure failure() {
    return failure;
  }

  /** Spans of the batch that did not arrive (zero on success). */
  public int rejectedSpans() {
    return rejectedSpans;
  }

  /** A short description of what went wrong, or {@code null}; never contains header values. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return isSuccess()
        ? "ExportResult{success}"
        : "ExportResult{" + failure + ", rejected=" + rejectedSpans + ", " + message + '}';
  }
}
