/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import io.ringtrace.propagation.internal.Hex;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An immutable {@link TraceContext} read from a carrier.
 *
 * <p>Besides the context itself it may hold {@link #otherTraces()}: valid contexts of a
 * <em>different</em> trace found in other formats of the same carrier, which the tracer records as
 * {@code FOLLOWS_FROM} references instead of losing them.
 *
 * <p>A context may also stand for less than a trace context:
 *
 * <ul>
 *   <li>a bare sampling decision ({@link #isSamplingOnly()}): B3's deny-only {@code b3: 0} carries
 *       no ids, so the codec makes up ids of a new trace and keeps the decision (not sampled);
 *   <li>baggage without a trace ({@link #isBaggageOnly()}): a W3C {@code baggage} header or Jaeger
 *       {@code uberctx-} headers and no valid trace context, or a Jaeger {@code jaeger-debug-id}
 *       alone. Its ids are zero; a span started as its child is the root of a new trace that holds
 *       the baggage (and, with a debug id, is sampled and records it).
 * </ul>
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
  private final boolean samplingOnly;
  private final String jaegerDebugId;

  private ExtractedContext(
      long traceIdHigh,
      long traceIdLow,
      long spanId,
      long parentSpanId,
      int flags,
      String traceState,
      Map<String, String> baggage,
      List<TraceContext> otherTraces,
      boolean samplingOnly,
      String jaegerDebugId) {
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.flags = flags;
    this.traceState = traceState;
    this.baggage = baggage;
    this.otherTraces = otherTraces;
    this.samplingOnly = samplingOnly;
    this.jaegerDebugId = jaegerDebugId;
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
        Collections.emptyList(),
        false,
        null);
  }

  /**
   * A sampling decision without ids: a context of a new trace (random ids, no parent) with {@code
   * flags}, marked {@link #isSamplingOnly()}.
   */
  static ExtractedContext samplingOnly(int flags) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new ExtractedContext(
        random.nextLong(),
        nonZero(random),
        nonZero(random),
        0L,
        flags,
        null,
        Collections.emptyMap(),
        Collections.emptyList(),
        true,
        null);
  }

  /**
   * Baggage without a trace context (see {@link #isBaggageOnly()}): zero ids, no parent; flags
   * {@link TraceFlags#DEBUG} and {@link TraceFlags#SAMPLED} when {@code jaegerDebugId} is given
   * (the Jaeger client forces such a trace to be sampled), else none.
   *
   * @param baggage unmodifiable, not copied; {@code null} means none
   * @param jaegerDebugId the value of a {@code jaeger-debug-id} header, or {@code null}
   */
  public static ExtractedContext baggageOnly(Map<String, String> baggage, String jaegerDebugId) {
    return new ExtractedContext(
        0L,
        0L,
        0L,
        0L,
        jaegerDebugId == null ? 0 : TraceFlags.DEBUG | TraceFlags.SAMPLED,
        null,
        baggage == null ? Collections.emptyMap() : baggage,
        Collections.emptyList(),
        false,
        jaegerDebugId);
  }

  private static long nonZero(ThreadLocalRandom random) {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
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
        otherTraces,
        samplingOnly,
        jaegerDebugId);
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
        otherTraces == null ? Collections.emptyList() : otherTraces,
        samplingOnly,
        jaegerDebugId);
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

  /**
   * True when the carrier held only a sampling decision (B3 {@code b3: 0}, or {@code
   * X-B3-Sampled: 0} without ids): the ids were made up here and name no span of the sender; the
   * decision in {@link #flags()} is the sender's.
   */
  public boolean isSamplingOnly() {
    return samplingOnly;
  }

  /**
   * True when the carrier held baggage, a Jaeger debug id or both, but no valid trace context: the
   * ids are zero, and a span started as its child begins a new trace (see {@link
   * #baggageOnly(Map, String)}).
   */
  public boolean isBaggageOnly() {
    return traceIdHigh == 0 && traceIdLow == 0;
  }

  /**
   * The {@code jaeger-debug-id} of a {@linkplain #isBaggageOnly() baggage-only} context, which the
   * new trace records as its {@code jaeger-debug-id} tag; {@code null} when there is none.
   */
  public String jaegerDebugId() {
    return jaegerDebugId;
  }

  /**
   * True when {@code other} belongs to the same trace: equal trace ids, where a 64-bit id (B3,
   * Jaeger) equals a 128-bit id with the same low half.
   */
  public boolean sameTrace(TraceContext other) {
    if (other == null || traceIdLow != other.traceIdLow() || isBaggageOnly()) return false;
    long high = other.traceIdHigh();
    if (high == 0 && traceIdLow == 0) return false; // other holds no trace
    return traceIdHigh == high || traceIdHigh == 0 || high == 0;
  }

  @Override
  public String toString() {
    return "ExtractedContext{"
        + Hex.traceId(traceIdHigh, traceIdLow)
        + '/'
        + Hex.spanId(spanId)
        + " flags="
        + Integer.toHexString(flags)
        + (samplingOnly ? " sampling-only" : "")
        + (isBaggageOnly() ? " baggage-only" : "")
        + '}';
  }
}
