/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.util.Map;

/**
 * What crosses a process boundary: the identity of a span and the state of its trace.
 *
 * <p>Implementations are immutable. The tracer's own span context implements this interface, so
 * injecting never copies; extraction returns an {@link ExtractedContext}.
 *
 * <p>Ids are unsigned 64-bit halves: a 128-bit trace id is {@code traceIdHigh:traceIdLow}, a
 * 64-bit trace id (B3, Jaeger) has {@code traceIdHigh == 0}. A valid context never has an
 * all-zero trace id or a zero span id.
 */
public interface TraceContext {

  /** The upper 64 bits of the trace id; zero for a 64-bit trace id. */
  long traceIdHigh();

  /** The lower 64 bits of the trace id. */
  long traceIdLow();

  /** The span id, never zero. */
  long spanId();

  /** The parent's span id when the format carries it (B3, Jaeger), otherwise zero. */
  long parentSpanId();

  /**
   * The trace flags: the low 8 bits are the W3C {@code trace-flags} byte as received or decided
   * (bit 0 is {@link TraceFlags#SAMPLED}); higher bits are Ringtrace's own (see {@link
   * TraceFlags}).
   */
  int flags();

  /** The W3C {@code tracestate} header value to pass on, or {@code null} when there is none. */
  String traceState();

  /** Baggage items, never {@code null}; an unmodifiable map. */
  Map<String, String> baggage();

  /** True when the trace was sampled upstream (the W3C sampled bit). */
  default boolean sampled() {
    return (flags() & TraceFlags.SAMPLED) != 0;
  }
}
