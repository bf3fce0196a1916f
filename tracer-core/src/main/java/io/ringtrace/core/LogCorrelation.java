/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.opentracing.ScopeManager;
import java.util.Locale;
import java.util.Objects;

/**
 * Which SLF4J MDC keys hold the ids of the active span, so that every log line written while a
 * span is active carries its trace id, span id and sampled flag (a logging pattern such as {@code
 * %X{traceId}} prints them). Choose one with {@link TracerBuilder#logCorrelation(LogCorrelation)},
 * or from the environment with {@code RINGTRACE_LOG_CORRELATION} (system property {@code
 * ringtrace.log.correlation}) set to {@code none}, {@code jaeger}, {@code otel} or {@code brave}.
 *
 * <p>When it is on, the tracer's scope manager (the default one or one set with {@link
 * TracerBuilder#scopeManager(ScopeManager)}) is decorated: {@code activate} puts the span's ids in
 * the MDC of the current thread, and closing the scope puts back what the MDC held before,
 * including values the application itself had put under the same keys. When it is {@link #none()}
 * the scope manager is used as it is and costs nothing more. Immutable.
 */
public final class LogCorrelation {

  /** How the third key's value is written. */
  enum FlagFormat {
    /** {@code "true"} or {@code "false"}, as the Jaeger client writes {@code sampled}. */
    BOOLEAN,
    /**
     * The W3C trace flags as two lower-case hex digits, as {@code traceparent} carries them: bit
     * 0 sampled, bit 1 random ({@code "03"} for a sampled trace this tracer started).
     */
    HEX
  }

  private static final LogCorrelation NONE = new LogCorrelation("none", null, null, null, null);
  private static final LogCorrelation JAEGER =
      new LogCorrelation("jaeger", "traceId", "spanId", "sampled", FlagFormat.BOOLEAN);
  private static final LogCorrelation OTEL =
      new LogCorrelation("otel", "trace_id", "span_id", "trace_flags", FlagFormat.HEX);
  private static final LogCorrelation BRAVE =
      new LogCorrelation("brave", "traceId", "spanId", null, null);

  private final String name;
  final String traceIdKey; // null only for NONE
  final String spanIdKey; // null only for NONE
  final String flagsKey; // null: the sampled flag is not written
  final FlagFormat flagFormat; // null when flagsKey is

  private LogCorrelation(
      String name, String traceIdKey, String spanIdKey, String flagsKey, FlagFormat flagFormat) {
    this.name = name;
    this.traceIdKey = traceIdKey;
    this.spanIdKey = spanIdKey;
    this.flagsKey = flagsKey;
    this.flagFormat = flagFormat;
  }

  /** Nothing in the MDC: the default. */
  public static LogCorrelation none() {
    return NONE;
  }

  /**
   * The Jaeger client's {@code MDCScopeManager} keys: {@code traceId}, {@code spanId} and {@code
   * sampled} ({@code "true"} or {@code "false"}).
   */
  public static LogCorrelation jaeger() {
    return JAEGER;
  }

  /**
   * OpenTelemetry's keys: {@code trace_id}, {@code span_id} and {@code trace_flags}, the W3C trace
   * flags as two hex digits, as {@code traceparent} carries them ({@code "01"} or {@code "03"}
   * when sampled, the random flag set on traces this tracer started; {@code "00"} or {@code "02"}
   * when not).
   */
  public static LogCorrelation otel() {
    return OTEL;
  }

  /** Brave's keys: {@code traceId} and {@code spanId}. */
  public static LogCorrelation brave() {
    return BRAVE;
  }

  /**
   * Keys of your own: the trace id (32 hex characters) under {@code traceIdKey}, the span id (16
   * hex characters) under {@code spanIdKey} and, unless {@code sampledKey} is {@code null}, {@code
   * "true"} or {@code "false"} under {@code sampledKey}.
   *
   * @throws NullPointerException if {@code traceIdKey} or {@code spanIdKey} is null
   * @throws IllegalArgumentException if a key is empty or two keys are the same
   */
  public static LogCorrelation keys(String traceIdKey, String spanIdKey, String sampledKey) {
    if (traceIdKey == null) throw new NullPointerException("traceIdKey == null");
    if (spanIdKey == null) throw new NullPointerException("spanIdKey == null");
    requireNotEmpty("traceIdKey", traceIdKey);
    requireNotEmpty("spanIdKey", spanIdKey);
    if (sampledKey != null) requireNotEmpty("sampledKey", sampledKey);
    if (traceIdKey.equals(spanIdKey)
        || traceIdKey.equals(sampledKey)
        || spanIdKey.equals(sampledKey)) {
      throw new IllegalArgumentException(
          "keys must differ: '" + traceIdKey + "', '" + spanIdKey + "', '" + sampledKey + "'");
    }
    String name = "keys(" + traceIdKey + ", " + spanIdKey + ", " + sampledKey + ")";
    return new LogCorrelation(
        name, traceIdKey, spanIdKey, sampledKey, sampledKey == null ? null : FlagFormat.BOOLEAN);
  }

  private static void requireNotEmpty(String what, String key) {
    if (key.trim().isEmpty()) throw new IllegalArgumentException(what + " is empty: '" + key + "'");
  }

  /**
   * The preset called {@code name} ({@code none}, {@code jaeger}, {@code otel} or {@code brave},
   * in any case), or {@code null} when there is none of that name.
   */
  public static LogCorrelation byName(String name) {
    if (name == null) return null;
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "none":
        return NONE;
      case "jaeger":
        return JAEGER;
      case "otel":
        return OTEL;
      case "brave":
        return BRAVE;
      default:
        return null;
    }
  }

  /** Whether anything is written to the MDC. */
  public boolean isEnabled() {
    return traceIdKey != null;
  }

  /** {@code scopeManager} itself when this is {@link #none()}, else a decorator of it. */
  ScopeManager decorate(ScopeManager scopeManager) {
    return isEnabled() ? new MdcScopeManager(scopeManager, this) : scopeManager;
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) return true;
    if (!(o instanceof LogCorrelation)) return false;
    LogCorrelation that = (LogCorrelation) o;
    return Objects.equals(traceIdKey, that.traceIdKey)
        && Objects.equals(spanIdKey, that.spanIdKey)
        && Objects.equals(flagsKey, that.flagsKey)
        && flagFormat == that.flagFormat;
  }

  @Override
  public int hashCode() {
    return Objects.hash(traceIdKey, spanIdKey, flagsKey, flagFormat);
  }

  /** The preset's name ({@code "jaeger"}), or {@code keys(traceId, spanId, sampled)}. */
  @Override
  public String toString() {
    return name;
  }
}
