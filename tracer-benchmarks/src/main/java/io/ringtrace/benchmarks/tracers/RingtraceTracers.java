/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.tracers;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.propagation.Propagator;
import io.ringtrace.propagation.Propagators;
import io.ringtrace.reporter.http.OtlpHttpSpanExporter;
import io.ringtrace.reporter.http.internal.BatchEncoder;
import io.ringtrace.reporter.http.internal.OtlpTraceEncoder;
import java.util.List;

/**
 * Ringtrace as the benchmarks run it: the default batching reporter, and an exporter that encodes
 * each batch to OTLP protobuf with the encoder {@link OtlpHttpSpanExporter} uses, request by
 * request, then discards the bytes.
 */
final class RingtraceTracers {

  private RingtraceTracers() {}

  static TracerUnderTest create(boolean sampled, String format) {
    Propagator propagator = propagator(format);
    if (propagator == null) return null;
    RingtraceTracer tracer =
        Ringtrace.builder(Tracers.SERVICE)
            .sampler(sampled ? Sampler.alwaysOn() : Sampler.alwaysOff())
            .propagator(propagator)
            .exporter(new OtlpEncodingDiscardExporter())
            .build();
    return Tracers.simple(tracer, tracer::close);
  }

  /** w3c, b3 (multi-header) or jaeger; {@code null} for anything else. */
  static Propagator propagator(String format) {
    switch (format) {
      case "w3c":
        return Propagators.traceContext();
      case "b3":
        return Propagators.b3Multi();
      case "jaeger":
        return Propagators.jaeger();
      default:
        return null;
    }
  }

  /**
   * Does what {@link OtlpHttpSpanExporter} does to a batch before the network: the size pass, then
   * one body per request of at most the default request size. Without gzip, as the other tracers'
   * discarding exporters do not compress either.
   *
   * <p>Called by the reporter thread only, which owns the encoder.
   */
  static final class OtlpEncodingDiscardExporter implements SpanExporter {
    private final BatchEncoder encoder = new OtlpTraceEncoder();
    /** Read by nobody; keeps the JIT from proving the encoding useless. */
    volatile int lastBodyLength;

    @Override
    public ExportResult export(List<FinishedSpan> spans) {
      int maxRequestBytes = OtlpHttpSpanExporter.DEFAULT_MAX_REQUEST_BYTES;
      try {
        encoder.prepare(spans, maxRequestBytes);
        int n = encoder.spanCount();
        for (int from = 0; from < n; ) {
          int next = encoder.encodeRequest(from);
          if (next == from) break; // cannot happen: a request holds at least one span
          lastBodyLength = encoder.bodyLength();
          from = next;
        }
      } finally {
        encoder.clear();
      }
      return ExportResult.success();
    }

    @Override
    public void shutdown() {}
  }
}
