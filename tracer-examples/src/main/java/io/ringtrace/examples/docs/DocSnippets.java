/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples.docs;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import io.opentracing.util.GlobalTracer;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.ConsoleSpanExporter;
import io.ringtrace.core.sampler.Sampler;
import java.util.Map;

/**
 * The code snippets of README.md and docs/configuration.md, kept here so that the build compiles
 * them: a snippet that stops compiling fails the build instead of misleading a reader.
 */
public final class DocSnippets {

  private DocSnippets() {}

  /** README.md, "Use it". */
  static void readmeUseIt(Map<String, String> headers, Runnable handle) {
    RingtraceTracer tracer = Ringtrace.builder("checkout")       // the service name
        .exporter(ConsoleSpanExporter.create())                   // or an OTLP / Zipkin exporter
        .build();
    GlobalTracer.registerIfAbsent(tracer);

    // in a handler, as with any OpenTracing tracer:
    Tracer t = GlobalTracer.get();
    SpanContext caller = t.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    Span span = t.buildSpan("GET /cart").asChildOf(caller)
        .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER).start();
    try (Scope ignored = t.activateSpan(span)) {
      handle.run();                                               // child spans find their parent
    } finally {
      span.finish();
    }
  }

  /** docs/configuration.md, the two ways. */
  static RingtraceTracer[] configuration() {
    RingtraceTracer fromEnvironment = Ringtrace.fromEnvironment(); // everything from the environment
    RingtraceTracer combined = Ringtrace.builderFromEnvironment()  // the environment, then code:
        .sampler(Sampler.parentBased(Sampler.traceIdRatio(0.1)))    // code wins
        .build();
    GlobalTracer.registerIfAbsent(combined);
    return new RingtraceTracer[] {fromEnvironment, combined};
  }
}
