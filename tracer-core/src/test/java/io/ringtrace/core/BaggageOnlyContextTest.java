/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.opentracing.References;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.core.sampler.SamplingDecision;
import io.ringtrace.propagation.Propagator;
import io.ringtrace.propagation.Propagators;
import io.ringtrace.propagation.TraceFlags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A carrier with baggage (or a Jaeger debug id) but no trace context: the baggage is not lost, the
 * child starts a new trace, and the Level 2 random flag is set on the traces this tracer starts
 * and passed on unchanged on the ones it continues.
 */
class BaggageOnlyContextTest {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  final InMemorySpanExporter memory = InMemorySpanExporter.create();
  final List<Sampler.Parent> parentsSeen = new ArrayList<>();
  RingtraceTracer tracer;

  @AfterEach
  void close() {
    if (tracer != null) tracer.close();
  }

  /** A real sampler of the user's kind: it keeps what it is asked, and answers {@code sampled}. */
  RingtraceTracer tracer(Propagator propagator, boolean sampled) {
    Sampler recording =
        (parent, high, low, operation) -> {
          parentsSeen.add(parent);
          return SamplingDecision.of(sampled);
        };
    tracer =
        Ringtrace.builder("baggage-only-test")
            .propagator(propagator)
            .sampler(recording)
            .exporter(memory)
            .build();
    return tracer;
  }

  SpanContext extract(String... keyValues) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) headers.put(keyValues[i], keyValues[i + 1]);
    return tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
  }

  Map<String, String> inject(SpanContext context) {
    Map<String, String> out = new HashMap<>();
    tracer.inject(context, Format.Builtin.HTTP_HEADERS, new TextMapAdapter(out));
    return out;
  }

  @Test
  void baggageHeaderAlone_extractsAContextThatCarriesOnlyTheBaggage() {
    tracer(Propagators.defaults(), true);
    SpanContext ctx = extract("baggage", "user=alice,tenant=t1");

    assertThat(ctx).isNotNull();
    assertThat(ctx.baggageItems()).containsExactly(entry("user", "alice"), entry("tenant", "t1"));
    // OpenTracing's "no id" is the empty string
    assertThat(ctx.toTraceId()).isEmpty();
    assertThat(ctx.toSpanId()).isEmpty();
  }

  @Test
  void childOfBaggageOnly_isANewRootThatHoldsTheBaggage_andTheSamplerDecides() {
    tracer(Propagators.defaults(), true);
    Span server = tracer.buildSpan("server").asChildOf(extract("baggage", "user=alice")).start();
    server.finish();

    assertThat(server.getBaggageItem("user")).isEqualTo("alice");
    assertThat(parentsSeen).containsExactly(Sampler.Parent.NONE);
    FinishedSpan span = memory.finishedSpans().get(0);
    assertThat(span.traceIdHigh() | span.traceIdLow()).isNotZero();
    assertThat(span.parentSpanIdAsLong()).isZero();
    assertThat(span.hasRemoteParent()).isFalse();
    assertThat(span.linkCount()).isZero();
  }

  @Test
  void childOfBaggageOnly_unsampled_stillCarriesTheBaggageDownstream() {
    tracer(Propagators.defaults(), false);
    Span server = tracer.buildSpan("server").asChildOf(extract("baggage", "user=alice")).start();

    Map<String, String> out = inject(server.context());
    server.finish();

    assertThat(out).containsEntry("baggage", "user=alice");
    assertThat(out.get("traceparent")).startsWith("00-" + server.context().toTraceId()).endsWith("-02");
    assertThat(memory.finishedSpans()).isEmpty();
  }

  @Test
  void jaegerBaggageAlone_isKeptLikeW3CBaggage() {
    tracer(Propagators.jaeger(), true);
    Span server = tracer.buildSpan("server").asChildOf(extract("uberctx-user", "alice")).start();

    Map<String, String> out = inject(server.context());
    server.finish();

    assertThat(out).containsEntry("uberctx-user", "alice").containsKey("uber-trace-id");
    assertThat(out.get("uber-trace-id")).startsWith(server.context().toTraceId());
  }

  @Test
  void jaegerDebugIdAlone_startsAForcedSampledTraceThatRecordsTheId() {
    tracer(Propagators.jaeger(), false); // the sampler would say no
    Span server = tracer.buildSpan("server").asChildOf(extract("jaeger-debug-id", "ticket-42")).start();
    server.finish();

    assertThat(parentsSeen).isEmpty(); // debug: no sampler is asked
    FinishedSpan span = memory.finishedSpans().get(0);
    assertThat(span.tags()).containsEntry("jaeger-debug-id", "ticket-42");
    assertThat(span.flags() & TraceFlags.DEBUG).isNotZero();
    assertThat(span.parentSpanIdAsLong()).isZero();
  }

  @Test
  void baggageOnlyNextToARealParent_addsItsBaggageAndNoLink() {
    tracer(Propagators.defaults(), true);
    Span parent = tracer.buildSpan("parent").start();
    SpanContext baggageOnly = extract("baggage", "k=v");

    Span child =
        tracer
            .buildSpan("child")
            .asChildOf(parent)
            .addReference(References.FOLLOWS_FROM, baggageOnly)
            .start();
    child.finish();
    parent.finish();

    assertThat(child.getBaggageItem("k")).isEqualTo("v");
    assertThat(child.context().toTraceId()).isEqualTo(parent.context().toTraceId());
    FinishedSpan finished = memory.finishedSpans().get(0);
    assertThat(finished.operationName()).isEqualTo("child");
    assertThat(finished.linkCount()).isZero();
  }

  @Test
  void newRoot_setsTheRandomFlag() {
    tracer(Propagators.traceContext(), true);
    Span root = tracer.buildSpan("root").start();
    root.finish();

    assertThat(memory.finishedSpans().get(0).flags() & 0xff)
        .isEqualTo(TraceFlags.SAMPLED | TraceFlags.RANDOM);
    assertThat(inject(root.context()).get("traceparent")).endsWith("-03");
  }

  @Test
  void continuedW3CTrace_passesTheReceivedRandomFlagOnUnchanged_toGrandchildren() {
    tracer(Propagators.traceContext(), true);
    for (String flags : new String[] {"01", "03"}) {
      SpanContext remote =
          extract("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-" + flags);
      Span server = tracer.buildSpan("server").asChildOf(remote).start();
      Span client = tracer.buildSpan("client").asChildOf(server).start();

      assertThat(inject(server.context()).get("traceparent")).as(flags).endsWith("-" + flags);
      assertThat(inject(client.context()).get("traceparent")).as(flags).endsWith("-" + flags);
      client.finish();
      server.finish();
    }
  }

  @Test
  void continuedB3Trace_doesNotInventTheRandomFlag() {
    tracer(Propagators.composite(Propagators.b3Single(), Propagators.traceContext()), true);
    SpanContext remote = extract("b3", TRACE_ID + "-00f067aa0ba902b7-1");
    Span server = tracer.buildSpan("server").asChildOf(remote).start();

    Map<String, String> out = inject(server.context());
    server.finish();

    assertThat(out.get("traceparent")).startsWith("00-" + TRACE_ID).endsWith("-01");
    assertThat(memory.finishedSpans().get(0).flags() & TraceFlags.RANDOM).isZero();
  }
}
