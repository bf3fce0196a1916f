/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An immutable {@link TraceContext} read from a carrier.
 *
 * <p>Besides the context itself it may hold {@link #otherTraces()}: valid contexts of a
 * <em>different</em> trace found in other formats of the same carrier, which the tracer records as
 * {@code FOLLOWS_FROM} references instead of losing them.
 */
public final class ExtractedContext implements TraceContext {

  private final long traceIdHigh;
  private final long traceIdLow;
  private final long spanId;
  private final long parentSpanId;
  private final int flags;
  private final String traceState;
  private final Map<String, String> baggage;
  private final List<TraceContext> otherTraces;

  private ExtractedContext(
      long traceIdHigh,
      long traceIdLow,
      long spanId,
      long parentSpanId,
      int flags,
      String traceState,
      Map<String, String> baggage,
      List<TraceContext> otherTraces) {
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.flags = flags;
    this.traceState = traceState;
    this.baggage = baggage;
    this.otherTraces = otherTraces;
  }

  /**
   * Creates a context; answers {@code null} when the ids are invalid (all-zero trace id or zero
   * span id). {@code baggage} must already be unmodifiable ({@code null} means none).
   */
  public static ExtractedContext create(
      long traceIdHigh,
      long traceIdLow,
      long spanId,
      long parentSpanId,
      int flags,
      String traceState,
      Map<String, String> baggage) {
    if ((traceIdHigh == 0 && traceIdLow == 0) || spanId == 0) return null;
    return new ExtractedContext(
        traceIdHigh,
        traceIdLow,
        spanId,
        parentSpanId,
        flags,
        traceState,
        baggage == null ? Collections.emptyMap() : baggage,
        Collections.emptyList());
  }

  /** This context with {@code baggage} (unmodifiable, not copied) in place of its own. */
  public ExtractedContext withBaggage(Map<String, String> baggage) {
    return new ExtractedContext(
        traceIdHigh,
        traceIdLow,
        spanId,
        parentSpanId,
        flags,
        traceState,
        baggage == null ? Collections.emptyMap() : baggage,
        otherTraces);
  }

  /** This context with {@code otherTraces} (unmodifiable, not copied) in place of its own. */
  public ExtractedContext withOtherTraces(List<TraceContext> otherTraces) {
    return new ExtractedContext(
        traceIdHigh,
        traceIdLow,
        spanId,
        parentSpanId,
        flags,
        traceState,
        baggage,
        otherTraces == null ? Collections.emptyList() : otherTraces);
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

  /** Contexts of other traces found in the same carrier; never {@code null}. */
  public List<TraceContext> otherTraces() {
    return otherTraces;
  }

  @Override
  public String toString() {
    return "ExtractedContext{"
        + io.ringtrace.propagation.internal.Hex.traceId(traceIdHigh, traceIdLow)
        + '/'
        + io.ringtrace.propagation.internal.Hex.spanId(spanId)
        + " flags="
        + Integer.toHexString(flags)
        + '}';
  }
}
