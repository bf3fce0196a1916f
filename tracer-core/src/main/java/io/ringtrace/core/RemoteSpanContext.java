/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.opentracing.SpanContext;
import io.ringtrace.propagation.ExtractedContext;
import io.ringtrace.propagation.internal.Hex;
import java.util.Map;

/**
 * A context extracted from a carrier: the parent of a server span. Its type tells the sampler the
 * parent is remote. Immutable.
 */
final class RemoteSpanContext implements SpanContext {

  final ExtractedContext extracted;

  RemoteSpanContext(ExtractedContext extracted) {
    this.extracted = extracted;
  }

  @Override
  public String toTraceId() {
    // Baggage without a trace has no id: OpenTracing's answer for "none" is the empty string.
    if (extracted.isBaggageOnly()) return "";
    return Hex.traceId(extracted.traceIdHigh(), extracted.traceIdLow());
  }

  @Override
  public String toSpanId() {
    if (extracted.isBaggageOnly()) return "";
    return Hex.spanId(extracted.spanId());
  }

  @Override
  public Iterable<Map.Entry<String, String>> baggageItems() {
    return extracted.baggage().entrySet();
  }

  @Override
  public String toString() {
    return "Remote" + extracted;
  }
}
