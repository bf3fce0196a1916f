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
import io.ringtrace.core.LogCorrelation;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.ConsoleSpanExporter;
import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.sampler.JaegerRemoteSampler;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.propagation.Propagators;
import io.ringtrace.reporter.http.OtlpHttpSpanExporter;
import java.time.Duration;
import java.util.Map;

/**
 * The code snippets of README.md and docs/configuration.md, sampling.md and propagation.md, kept
 * here so that the build compiles them: a snippet that stops compiling fails the build instead of
 * misleading a reader. (instrumenting.md quotes TracedHandler and TracedHttpClient, operations.md
 * TracingHealth, migrating-from-jaeger.md MigrationSnippets: all compiled here too.)
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

  /** docs/configuration.md, an OTLP exporter in code. */
  static RingtraceTracer configurationOtlp(String token) {
    SpanExporter otlp = OtlpHttpSpanExporter.builder()
        .endpoint("https://collector.example.com:4318/v1/traces")
        .header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(5))
        .build();
    RingtraceTracer tracer = Ringtrace.builder("checkout").exporter(otlp).build();
    return tracer;
  }

  /** docs/configuration.md, log correlation. */
  static RingtraceTracer configurationLogCorrelation() {
    RingtraceTracer tracer = Ringtrace.builder("checkout")
        .logCorrelation(LogCorrelation.jaeger())
        .build();
    return tracer;
  }

  /** docs/sampling.md, the four snippets in order. */
  static Object[] sampling(SpanExporter exporter) {
    Sampler parentBased = Sampler.parentBasedBuilder(Sampler.traceIdRatio(0.01))
        .remoteParentNotSampled(Sampler.traceIdRatio(0.01)) // also keep 1% of what callers dropped
        .build();

    Sampler perOperation = Sampler.parentBased(
        Sampler.perOperation()
            .defaultRatio(0.001)            // operations not listed
            .lowerBound(1.0 / 60)           // at least one trace a minute per operation
            .operation("POST /checkout", 0.1)
            .operation("GET /health", 0.0)  // only the lower bound
            .maxOperations(2000)            // the default
            .build());

    RingtraceTracer tracer = Ringtrace.builder("checkout")
        .sampler(Sampler.parentBased(Sampler.traceIdRatio(0.01)))
        .exporter(exporter)
        .build();

    JaegerRemoteSampler sampler = Sampler.jaegerRemote("checkout")
        .endpoint("http://localhost:5778/sampling")      // the default
        .pollingInterval(Duration.ofMinutes(1))          // the default
        .requestTimeout(Duration.ofSeconds(5))           // the default
        .initialSampler(Sampler.traceIdRatio(0.001))     // the default
        .build();
    return new Object[] {parentBased, perOperation, tracer, sampler};
  }

  /** docs/propagation.md, a mixed fleet. */
  static RingtraceTracer propagation() {
    RingtraceTracer tracer = Ringtrace.builder("checkout")
        .propagator(Propagators.composite(
            Propagators.traceContext(),   // read first, written first
            Propagators.baggage(),
            Propagators.jaeger()))
        .build();
    return tracer;
  }
}
