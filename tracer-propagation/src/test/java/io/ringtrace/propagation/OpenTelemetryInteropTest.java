/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import static io.ringtrace.propagation.Contexts.HIGH;
import static io.ringtrace.propagation.Contexts.LOW;
import static io.ringtrace.propagation.Contexts.PARENT;
import static io.ringtrace.propagation.Contexts.SPAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.extension.trace.propagation.JaegerPropagator;
import io.ringtrace.propagation.internal.Hex;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both directions against the OpenTelemetry SDK's own propagators: W3C Trace Context, W3C
 * Baggage, B3 (single and multi) and Jaeger.
 */
class OpenTelemetryInteropTest {

  static final String TRACE_ID = Hex.traceId(HIGH, LOW);
  static final String SPAN_ID = Hex.spanId(SPAN);

  static final TextMapSetter<Map<String, String>> SETTER = Map::put;
  static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<Map<String, String>>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          for (Map.Entry<String, String> e : carrier.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) return e.getValue();
          }
          return null;
        }
      };

  static Map<String, String> theirInject(TextMapPropagator p, Context context) {
    Map<String, String> carrier = new LinkedHashMap<>();
    p.inject(context, carrier, SETTER);
    return carrier;
  }

  static Context theirExtract(TextMapPropagator p, Map<String, String> carrier) {
    return p.extract(Context.root(), carrier, GETTER);
  }

  static Map<String, String> ourInject(Propagator p, TraceContext ctx) {
    Map<String, String> carrier = new LinkedHashMap<>();
    p.inject(ctx, carrier, Map::put);
    return carrier;
  }

  static Context theirContext(boolean sampled, TraceState state) {
    SpanContext sc =
        SpanContext.createFromRemoteParent(
            TRACE_ID, SPAN_ID, sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), state);
    return Context.root().with(Span.wrap(sc));
  }

  static SpanContext spanContext(Context context) {
    return Span.fromContext(context).getSpanContext();
  }

  // ------------------------------------------------------------------ W3C Trace Context

  @Test
  void traceContext_theyInject_weExtract() {
    TraceState state = TraceState.builder().put("rojo", "00f067aa0ba902b7").put("congo", "t61rcWkgMzE").build();
    Map<String, String> carrier =
        theirInject(
            io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance(),
            theirContext(true, state));

    ExtractedContext ctx = Propagators.traceContext().extract(carrier.entrySet());

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.sampled()).isTrue();
    assertThat(io.ringtrace.propagation.TraceState.get(ctx.traceState(), "rojo"))
        .isEqualTo("00f067aa0ba902b7");
    assertThat(io.ringtrace.propagation.TraceState.get(ctx.traceState(), "congo"))
        .isEqualTo("t61rcWkgMzE");
  }

  @Test
  void traceContext_theyInjectUnsampled_weExtractUnsampled() {
    Map<String, String> carrier =
        theirInject(
            io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance(),
            theirContext(false, TraceState.getDefault()));

    ExtractedContext ctx = Propagators.traceContext().extract(carrier.entrySet());

    assertThat(ctx.sampled()).isFalse();
    assertThat(ctx.traceState()).isNull();
  }

  @Test
  void traceContext_weInject_theyExtract() {
    Map<String, String> carrier =
        ourInject(Propagators.traceContext(), Contexts.withTraceState("congo=t61rcWkgMzE,rojo=1"));

    SpanContext sc =
        spanContext(
            theirExtract(
                io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance(),
                carrier));

    assertThat(sc.isValid()).isTrue();
    assertThat(sc.isRemote()).isTrue();
    assertThat(sc.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(sc.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(sc.isSampled()).isTrue();
    assertThat(sc.getTraceState().asMap())
        .containsExactly(entry("congo", "t61rcWkgMzE"), entry("rojo", "1"));
  }

  @Test
  void traceContext_weInjectUnsampled_theyExtractUnsampled() {
    Map<String, String> carrier = ourInject(Propagators.traceContext(), Contexts.context(0));

    SpanContext sc =
        spanContext(
            theirExtract(
                io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance(),
                carrier));

    assertThat(sc.isValid()).isTrue();
    assertThat(sc.isSampled()).isFalse();
  }

  // ------------------------------------------------------------------ W3C Baggage

  static final String AWKWARD = "a b,c;d=e%f+g\"h\\i \u00e9\u2713\ud83d\ude00";

  @Test
  void baggage_theyInject_weExtract() {
    Baggage baggage =
        Baggage.builder()
            .put("user", "alice")
            .put("awkward", AWKWARD)
            .put("withMeta", "v", BaggageEntryMetadata.create("p1;p2=x"))
            .build();
    Map<String, String> carrier =
        theirInject(
            io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator.getInstance(),
            Context.root().with(baggage));

    Map<String, String> ours = W3CBaggagePropagator.getInstance().extractBaggage(carrier.entrySet());

    assertThat(ours)
        .containsOnly(entry("user", "alice"), entry("awkward", AWKWARD), entry("withMeta", "v"));
  }

  @Test
  void baggage_weInject_theyExtract() {
    ExtractedContext ctx = Contexts.withBaggage("user", "alice", "awkward", AWKWARD);
    Map<String, String> carrier = ourInject(Propagators.baggage(), ctx);

    Baggage theirs =
        Baggage.fromContext(
            theirExtract(
                io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator.getInstance(),
                carrier));

    assertThat(theirs.asMap()).hasSize(2);
    assertThat(theirs.getEntryValue("user")).isEqualTo("alice");
    assertThat(theirs.getEntryValue("awkward")).isEqualTo(AWKWARD);
  }

  @Test
  void baggage_propertiesTheySend_reachThemAgainThroughUs() {
    Baggage baggage =
        Baggage.builder().put("k", "v", BaggageEntryMetadata.create("p1;p2=x")).build();
    Map<String, String> first =
        theirInject(
            io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator.getInstance(),
            Context.root().with(baggage));

    Map<String, String> ours = W3CBaggagePropagator.getInstance().extractBaggage(first.entrySet());
    Map<String, String> second =
        ourInject(Propagators.baggage(), ExtractedContext.create(1, 2, 3, 0, 1, null, ours));
    Baggage back =
        Baggage.fromContext(
            theirExtract(
                io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator.getInstance(),
                second));

    assertThat(back.getEntryValue("k")).isEqualTo("v");
    assertThat(back.asMap().get("k").getMetadata().getValue()).isEqualTo("p1;p2=x");
  }

  // ------------------------------------------------------------------ B3

  @Test
  void b3Single_theyInject_weExtract() {
    Map<String, String> carrier =
        theirInject(B3Propagator.injectingSingleHeader(), theirContext(true, TraceState.getDefault()));

    ExtractedContext ctx = Propagators.b3Single().extract(carrier.entrySet());

    assertThat(carrier).containsOnlyKeys("b3");
    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.sampled()).isTrue();
  }

  @Test
  void b3Multi_theyInject_weExtract() {
    Map<String, String> carrier =
        theirInject(B3Propagator.injectingMultiHeaders(), theirContext(false, TraceState.getDefault()));

    ExtractedContext ctx = Propagators.b3Multi().extract(carrier.entrySet());

    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.flags()).isZero();
  }

  @Test
  void b3Single_weInject_theyExtract() {
    Map<String, String> carrier = ourInject(Propagators.b3Single(), Contexts.context(1));

    SpanContext sc = spanContext(theirExtract(B3Propagator.injectingSingleHeader(), carrier));

    assertThat(sc.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(sc.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(sc.isSampled()).isTrue();
  }

  @Test
  void b3Multi_weInject_theyExtract() {
    Map<String, String> carrier = ourInject(Propagators.b3Multi(), Contexts.context(0, LOW, SPAN, PARENT, 0));

    SpanContext sc = spanContext(theirExtract(B3Propagator.injectingMultiHeaders(), carrier));

    assertThat(sc.getTraceId()).isEqualTo("0000000000000000" + Hex.spanId(LOW));
    assertThat(sc.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(sc.isSampled()).isFalse();
  }

  @Test
  void b3_weInjectDebug_theyExtractSampled() {
    Map<String, String> carrier =
        ourInject(Propagators.b3Multi(), Contexts.context(io.ringtrace.propagation.TraceFlags.DEBUG | 1));

    assertThat(spanContext(theirExtract(B3Propagator.injectingMultiHeaders(), carrier)).isSampled())
        .isTrue();
  }

  // ------------------------------------------------------------------ Jaeger

  @Test
  void jaeger_theyInject_weExtract() {
    Context context =
        theirContext(true, TraceState.getDefault())
            .with(Baggage.builder().put("user", "alice").put("note", "a b\u2713").build());
    Map<String, String> carrier = theirInject(JaegerPropagator.getInstance(), context);

    ExtractedContext ctx = Propagators.jaeger().extract(carrier.entrySet());

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.sampled()).isTrue();
    assertThat(ctx.baggage()).containsOnly(entry("user", "alice"), entry("note", "a b\u2713"));
  }

  // OpenTelemetry's Jaeger propagator neither encodes nor decodes uberctx values (the Jaeger
  // client's HTTP codec does both, see JaegerClientInteropTest); values that need no encoding
  // cross unchanged.
  @Test
  void jaeger_weInject_theyExtract() {
    Map<String, String> carrier =
        ourInject(Propagators.jaeger(), Contexts.withBaggage("user", "alice", "tier", "gold-1.5_x"));

    Context context = theirExtract(JaegerPropagator.getInstance(), carrier);
    SpanContext sc = spanContext(context);

    assertThat(sc.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(sc.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(sc.isSampled()).isTrue();
    assertThat(Baggage.fromContext(context).getEntryValue("user")).isEqualTo("alice");
    assertThat(Baggage.fromContext(context).getEntryValue("tier")).isEqualTo("gold-1.5_x");
  }
}
