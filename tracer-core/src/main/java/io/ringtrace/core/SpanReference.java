/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.ringtrace.propagation.internal.Hex;

/** A reference from a span to another span: {@code child_of} or {@code follows_from}. Immutable. */
public final class SpanReference {

  private final String type;
  private final long traceIdHigh;
  private final long traceIdLow;
  private final long spanId;
  private final String traceState;
  private final int flags;

  SpanReference(
      String type, long traceIdHigh, long traceIdLow, long spanId, int flags, String traceState) {
    this.type = type;
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.flags = flags;
    this.traceState = traceState;
  }

  /** {@code child_of} or {@code follows_from} ({@link io.opentracing.References}). */
  public String type() {
    return type;
  }

  /** The referenced trace id, 32 hex characters. */
  public String traceId() {
    return Hex.traceId(traceIdHigh, traceIdLow);
  }

  /** The referenced span id, 16 hex characters. */
  public String spanId() {
    return Hex.spanId(spanId);
  }

  public long traceIdHigh() {
    return traceIdHigh;
  }

  public long traceIdLow() {
    return traceIdLow;
  }

  public long spanIdAsLong() {
    return spanId;
  }

  /** The referenced context's trace flags. */
  public int flags() {
    return flags;
  }

  /** The referenced context's {@code tracestate}, or {@code null}. */
  public String traceState() {
    return traceState;
  }

  @Override
  public String toString() {
    return type + '{' + traceId() + '/' + spanId() + '}';
  }
}
