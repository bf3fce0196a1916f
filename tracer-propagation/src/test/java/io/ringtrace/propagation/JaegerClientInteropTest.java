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

import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.propagation.B3TextMapCodec;
import io.jaegertracing.internal.propagation.TextMapCodec;
import io.opentracing.propagation.TextMapAdapter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both directions against the Jaeger Java client's codecs: {@code TextMapCodec} with URL encoding
 * (its {@code HTTP_HEADERS} codec) and without ({@code TEXT_MAP}), and its {@code B3TextMapCodec}.
 */
class JaegerClientInteropTest {

  static final byte SAMPLED = 1;
  static final byte DEBUG = 2;

  final TextMapCodec httpHeaders = new TextMapCodec(true);
  final TextMapCodec textMap = new TextMapCodec(false);
  final B3TextMapCodec b3 = new B3TextMapCodec.Builder().build();

  static JaegerSpanContext jaegerContext(long high, byte flags) {
    return new JaegerSpanContext(high, LOW, SPAN, PARENT, flags);
  }

  static Map<String, String> ourInject(Propagator p, TraceContext ctx) {
    Map<String, String> carrier = new LinkedHashMap<>();
    p.inject(ctx, carrier, Map::put);
    return carrier;
  }

  Map<String, String> theirInject(io.jaegertracing.spi.Codec<io.opentracing.propagation.TextMap> codec,
      JaegerSpanContext ctx) {
    Map<String, String> carrier = new HashMap<>();
    codec.inject(ctx, new TextMapAdapter(carrier));
    return carrier;
  }

  @Test
  void httpHeaders_theyInject_weExtract() {
    JaegerSpanContext theirs =
        jaegerContext(HIGH, SAMPLED).withBaggageItem("user", "alice").withBaggageItem("note", "a b,c\u2713+%");
    Map<String, String> carrier = theirInject(httpHeaders, theirs);

    ExtractedContext ctx = Propagators.jaeger().extract(carrier.entrySet());

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.parentSpanId()).isEqualTo(PARENT);
    assertThat(ctx.flags()).isEqualTo(TraceFlags.SAMPLED);
    assertThat(ctx.baggage()).containsOnly(entry("user", "alice"), entry("note", "a b,c\u2713+%"));
  }

  @Test
  void textMap_theyInject_weExtract() {
    Map<String, String> carrier =
        theirInject(textMap, jaegerContext(0, (byte) 0).withBaggageItem("tier", "gold"));

    ExtractedContext ctx = Propagators.jaeger().extract(carrier.entrySet());

    assertThat(ctx.traceIdHigh()).isZero();
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.sampled()).isFalse();
    assertThat(ctx.baggage()).containsOnly(entry("tier", "gold"));
  }

  @Test
  void debug_theyInject_weExtractDebug() {
    Map<String, String> carrier = theirInject(httpHeaders, jaegerContext(HIGH, (byte) (SAMPLED | DEBUG)));

    assertThat(Propagators.jaeger().extract(carrier.entrySet()).flags())
        .isEqualTo(TraceFlags.DEBUG | TraceFlags.SAMPLED);
  }

  @Test
  void httpHeaders_weInject_theyExtract() {
    Map<String, String> carrier =
        ourInject(Propagators.jaeger(), Contexts.withBaggage("user", "alice", "note", "a b,c\u2713+%"));

    JaegerSpanContext ctx = httpHeaders.extract(new TextMapAdapter(carrier));

    assertThat(ctx.getTraceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.getTraceIdLow()).isEqualTo(LOW);
    assertThat(ctx.getSpanId()).isEqualTo(SPAN);
    assertThat(ctx.getParentId()).isEqualTo(PARENT);
    assertThat(ctx.isSampled()).isTrue();
    assertThat(ctx.getBaggageItem("user")).isEqualTo("alice");
    assertThat(ctx.getBaggageItem("note")).isEqualTo("a b,c\u2713+%");
  }

  @Test
  void textMap_weInject_theyExtract() {
    Map<String, String> carrier =
        ourInject(Propagators.jaeger(), Contexts.context(0, LOW, SPAN, 0, 0));

    JaegerSpanContext ctx = textMap.extract(new TextMapAdapter(carrier));

    assertThat(ctx.getTraceIdHigh()).isZero();
    assertThat(ctx.getTraceIdLow()).isEqualTo(LOW);
    assertThat(ctx.getParentId()).isZero();
    assertThat(ctx.isSampled()).isFalse();
  }

  @Test
  void debug_weInject_theyExtractDebug() {
    Map<String, String> carrier =
        ourInject(Propagators.jaeger(), Contexts.context(TraceFlags.DEBUG | TraceFlags.SAMPLED));

    JaegerSpanContext ctx = httpHeaders.extract(new TextMapAdapter(carrier));

    assertThat(ctx.isDebug()).isTrue();
    assertThat(ctx.isSampled()).isTrue();
  }

  @Test
  void b3_theyInject_weExtract() {
    Map<String, String> carrier = theirInject(b3, jaegerContext(HIGH, SAMPLED));

    ExtractedContext ctx = Propagators.b3Multi().extract(carrier.entrySet());

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.parentSpanId()).isEqualTo(PARENT);
    assertThat(ctx.sampled()).isTrue();
  }

  @Test
  void b3_theyInjectDebug_weExtractDebug() {
    Map<String, String> carrier = theirInject(b3, jaegerContext(0, (byte) (SAMPLED | DEBUG)));

    assertThat(Propagators.b3Multi().extract(carrier.entrySet()).flags())
        .isEqualTo(TraceFlags.DEBUG | TraceFlags.SAMPLED);
  }

  @Test
  void b3_weInject_theyExtract() {
    Map<String, String> carrier = ourInject(Propagators.b3Multi(), Contexts.context(TraceFlags.SAMPLED));

    JaegerSpanContext ctx = b3.extract(new TextMapAdapter(carrier));

    assertThat(ctx.getTraceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.getTraceIdLow()).isEqualTo(LOW);
    assertThat(ctx.getSpanId()).isEqualTo(SPAN);
    assertThat(ctx.getParentId()).isEqualTo(PARENT);
    assertThat(ctx.isSampled()).isTrue();
  }

  @Test
  void b3_weInjectDebug_theyExtractDebug() {
    Map<String, String> carrier =
        ourInject(Propagators.b3Multi(), Contexts.context(0, LOW, SPAN, 0, TraceFlags.DEBUG | 1));

    JaegerSpanContext ctx = b3.extract(new TextMapAdapter(carrier));

    assertThat(ctx.isDebug()).isTrue();
  }
}
