/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.opentracing.SpanContext;
import io.ringtrace.propagation.TraceContext;
import io.ringtrace.propagation.TraceFlags;
import io.ringtrace.propagation.internal.Hex;
import java.util.Collections;
import java.util.Map;

/**
 * The context of a span of this tracer: a 128-bit trace id, a 64-bit span id, the trace flags,
 * {@code tracestate} and baggage. Immutable; setting baggage on a span replaces the span's context.
 */
public final class RingtraceSpanContext implements SpanContext, TraceContext {

  private final long traceIdHigh;
  private final long traceIdLow;
  private final long spanId;
  private final long parentSpanId;
  private final int flags;
  private final String traceState;
  private final Map<String, String> baggage; // unmodifiable

  // NOTE: benign races. Computed on first use; Strings are immutable and safely published
  // through their final fields, so a thread sees either null (and computes again) or a whole one.
  private String traceIdHex;
  private String spanIdHex;

  RingtraceSpanContext(
      long traceIdHigh,
      long traceIdLow,
      long spanId,
      long parentSpanId,
      int flags,
      String traceState,
      Map<String, String> baggage) {
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.flags = flags;
    this.traceState = traceState;
    this.baggage = baggage;
  }

  RingtraceSpanContext withBaggage(Map<String, String> newBaggage) {
    return new RingtraceSpanContext(
        traceIdHigh, traceIdLow, spanId, parentSpanId, flags, traceState, newBaggage);
  }

  RingtraceSpanContext withFlags(int newFlags) {
    if (newFlags == flags) return this;
    return new RingtraceSpanContext(
        traceIdHigh, traceIdLow, spanId, parentSpanId, newFlags, traceState, baggage);
  }

  /** 32 lower-case hex characters. */
  @Override
  public String toTraceId() {
    String s = traceIdHex;
    if (s == null) traceIdHex = s = Hex.traceId(traceIdHigh, traceIdLow);
    return s;
  }

  /** 16 lower-case hex characters. */
  @Override
  public String toSpanId() {
    String s = spanIdHex;
    if (s == null) spanIdHex = s = Hex.spanId(spanId);
    return s;
  }

  @Override
  public Iterable<Map.Entry<String, String>> baggageItems() {
    return baggage.entrySet();
  }

  @Override
  public long traceIdHigh() {
    return traceIdHigh;
  }

  @Override
  public long traceIdLow() {
    return traceIdLow;
  }

  @Override
  public long spanId() {
    return spanId;
  }

  @Override
  public long parentSpanId() {
    return parentSpanId;
  }

  @Override
  public int flags() {
    return flags;
  }

  @Override
  public String traceState() {
    return traceState;
  }

  @Override
  public Map<String, String> baggage() {
    return baggage;
  }

  /** True when the span records and is exported. */
  public boolean isSampled() {
    return (flags & TraceFlags.SAMPLED) != 0;
  }

  /** The value of baggage item {@code key}, or {@code null}. */
  public String getBaggageItem(String key) {
    return key == null ? null : baggage.get(key);
  }

  @Override
  public String toString() {
    return toTraceId() + '/' + toSpanId() + (isSampled() ? " sampled" : "");
  }

  static Map<String, String> noBaggage() {
    return Collections.emptyMap();
  }
}
