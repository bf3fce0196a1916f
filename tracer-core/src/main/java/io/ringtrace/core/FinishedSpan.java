/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import java.util.List;
import java.util.Map;

/**
 * The immutable view of a finished, sampled span that every exporter reads.
 *
 * <p>Ids are also offered as {@code long}s and tags by index, so that encoders can write a span
 * without allocating; the {@code Map} and {@code List} accessors build a new unmodifiable copy on
 * each call.
 *
 * <p>Instances reach an exporter only after {@code finish()}, through the reporter's queue, which
 * publishes them safely; from then on nothing changes them, so any thread may read them.
 */
public interface FinishedSpan {

  /** The trace id: 32 lower-case hex characters. */
  String traceId();

  /** The upper 64 bits of the trace id (zero for a 64-bit id received from B3 or Jaeger). */
  long traceIdHigh();

  /** The lower 64 bits of the trace id. */
  long traceIdLow();

  /** The span id: 16 lower-case hex characters. */
  String spanId();

  /** The span id as a number, never zero. */
  long spanIdAsLong();

  /** The parent span id (16 hex characters), or {@code null} for a trace root. */
  String parentSpanId();

  /** The parent span id as a number; zero for a trace root. */
  long parentSpanIdAsLong();

  /** The W3C trace flags byte in the low 8 bits, plus Ringtrace's own flags above. */
  int flags();

  /**
   * True when the parent span lives in another process: its context was extracted from a
   * carrier (or came from another tracer). False for a root and for a local parent.
   */
  default boolean hasRemoteParent() {
    return false;
  }

  /** The W3C {@code tracestate} to pass on, or {@code null}. */
  String traceState();

  /** The operation name as it was when the span finished. */
  String operationName();

  /** Start, in nanoseconds since the epoch. */
  long startEpochNanos();

  /** End, in nanoseconds since the epoch; never before {@link #startEpochNanos()}. */
  long endEpochNanos();

  /** The tracer's identity: service name and tracer tags. */
  Resource resource();

  /** Number of tags. */
  int tagCount();

  /** The key of tag {@code i}, {@code 0 <= i < tagCount()}. */
  String tagKey(int i);

  /**
   * The value of tag {@code i}: a {@link String}, {@link Boolean} or {@link Number} ({@code
   * Integer}, {@code Long}, {@code Short}, {@code Byte}, {@code Double}, {@code Float}, {@code
   * BigInteger} or {@code BigDecimal}).
   */
  Object tagValue(int i);

  /** The tags in the order they were first set; values keep their types. */
  Map<String, Object> tags();

  /** The logs, in the order they were recorded. */
  List<LogRecord> logs();

  /** Number of logs; with {@link #log(int)}, walks the logs without copying them. */
  default int logCount() {
    return logs().size();
  }

  /** Log {@code i}, {@code 0 <= i < logCount()}. */
  default LogRecord log(int i) {
    return logs().get(i);
  }

  /**
   * All references: the parent first (as {@code child_of}, or {@code follows_from} when the span
   * only follows from it), then the others in the order they were added.
   */
  List<SpanReference> references();

  /** The references other than the parent: exported as links. */
  List<SpanReference> links();

  /** Number of links; with {@link #link(int)}, walks the links without copying them. */
  default int linkCount() {
    return links().size();
  }

  /** Link {@code i}, {@code 0 <= i < linkCount()}. */
  default SpanReference link(int i) {
    return links().get(i);
  }

  /** The span's baggage when it finished. */
  Map<String, String> baggage();

  /** Always true for spans given to exporters; unsampled spans are never reported. */
  boolean sampled();

  /** Tags not recorded because the span reached its tag limit. */
  int droppedTagsCount();

  /** Logs not recorded because the span reached its log limit. */
  int droppedLogsCount();

  /** Log fields not recorded because a log reached its field limit (summed over all logs). */
  int droppedLogFieldsCount();

  /** References not recorded because the span reached its reference limit. */
  int droppedReferencesCount();
}
