/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.References;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Binary;
import io.opentracing.propagation.BinaryExtract;
import io.opentracing.propagation.BinaryInject;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.propagation.TextMapExtract;
import io.opentracing.propagation.TextMapInject;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.propagation.Propagator;
import io.ringtrace.propagation.Propagators;
import io.ringtrace.propagation.TraceFlags;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RingtraceTracer#inject} and {@link RingtraceTracer#extract} with every codec of
 * tracer-propagation and every OpenTracing format: a context crosses, the child continues the
 * trace, baggage travels, other traces become links.
 */
class TracerPropagationTest {

  final InMemorySpanExporter memory = InMemorySpanExporter.create();
  RingtraceTracer tracer;

  @AfterEach
  void close() {
    if (tracer != null) tracer.close();
  }

  RingtraceTracer tracer(Propagator propagator) {
    tracer = Ringtrace.builder("propagation-test").propagator(propagator).exporter(memory).build();
    return tracer;
  }

  static Stream<Arguments> codecs() {
    return Stream.of(
        Arguments.of("defaults", Propagators.defaults()),
        Arguments.of("tracecontext", Propagators.traceContext()),
        Arguments.of("b3", Propagators.b3Single()),
        Arguments.of("b3multi", Propagators.b3Multi()),
        Arguments.of("jaeger", Propagators.jaeger()),
        Arguments.of(
            "composite",
            Propagators.composite(Propagators.traceContext(), Propagators.baggage(), Propagators.jaeger())));
  }

  /** How a text carrier is handed to the tracer: the three OpenTracing text formats. */
  enum TextFormat {
    TEXT_MAP {
      @Override
      void inject(RingtraceTracer t, SpanContext ctx, Map<String, String> map) {
        t.inject(ctx, Format.Builtin.TEXT_MAP, new TextMapAdapter(map));
      }

      @Override
      SpanContext extract(RingtraceTracer t, Map<String, String> map) {
        return t.extract(Format.Builtin.TEXT_MAP, new TextMapAdapter(map));
      }
    },
    HTTP_HEADERS {
      @Override
      void inject(RingtraceTracer t, SpanContext ctx, Map<String, String> map) {
        t.inject(ctx, Format.Builtin.HTTP_HEADERS, new TextMapAdapter(map));
      }

      @Override
      SpanContext extract(RingtraceTracer t, Map<String, String> map) {
        return t.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(map));
      }
    },
    TEXT_MAP_INJECT_EXTRACT {
      @Override
      void inject(RingtraceTracer t, SpanContext ctx, Map<String, String> map) {
        TextMapInject carrier = map::put;
        t.inject(ctx, Format.Builtin.TEXT_MAP_INJECT, carrier);
      }

      @Override
      SpanContext extract(RingtraceTracer t, Map<String, String> map) {
        TextMapExtract carrier = () -> map.entrySet().iterator();
        return t.extract(Format.Builtin.TEXT_MAP_EXTRACT, carrier);
      }
    };

    abstract void inject(RingtraceTracer t, SpanContext ctx, Map<String, String> map);

    abstract SpanContext extract(RingtraceTracer t, Map<String, String> map);
  }

  static Stream<Arguments> codecsAndFormats() {
    return codecs()
        .flatMap(
            c -> Stream.of(TextFormat.values()).map(f -> Arguments.of(c.get()[0], c.get()[1], f)));
  }

  /** The spans exported so far, after the tracer's reporter has handed over all it holds. */
  List<FinishedSpan> finished() {
    if (tracer != null) assertThat(tracer.flush(Duration.ofSeconds(5))).isTrue();
    return memory.finishedSpans();
  }

  FinishedSpan only(String operation) {
    return finished().stream()
        .filter(s -> s.operationName().equals(operation))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + operation + " in " + memory.finishedSpans()));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("codecsAndFormats")
  void textFormats_childOfTheExtractedContext_continuesTheTrace(
      String name, Propagator propagator, TextFormat format) {
    RingtraceTracer t = tracer(propagator);
    Span client = t.buildSpan("client").start();
    Map<String, String> headers = new LinkedHashMap<>();
    format.inject(t, client.context(), headers);

    SpanContext extracted = format.extract(t, headers);
    t.buildSpan("server").asChildOf(extracted).start().finish();
    client.finish();

    FinishedSpan server = only("server");
    assertThat(extracted).isNotNull();
    assertThat(server.traceId()).isEqualTo(client.context().toTraceId());
    assertThat(server.parentSpanId()).isEqualTo(client.context().toSpanId());
    assertThat(server.spanId()).isNotEqualTo(client.context().toSpanId());
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("codecsAndFormats")
  void textFormats_extractedContext_keepsTheIds(String name, Propagator propagator, TextFormat format) {
    RingtraceTracer t = tracer(propagator);
    Span client = t.buildSpan("client").start();
    Map<String, String> headers = new LinkedHashMap<>();
    format.inject(t, client.context(), headers);

    SpanContext extracted = format.extract(t, headers);

    assertThat(extracted.toTraceId()).isEqualTo(client.context().toTraceId());
    assertThat(extracted.toSpanId()).isEqualTo(client.context().toSpanId());
    client.finish();
  }

  static Stream<Arguments> baggageCodecs() {
    return Stream.of(
        Arguments.of("defaults", Propagators.defaults()),
        Arguments.of("baggage", Propagators.composite(Propagators.b3Multi(), Propagators.baggage())),
        Arguments.of("jaeger", Propagators.jaeger()),
        Arguments.of(
            "composite",
            Propagators.composite(Propagators.traceContext(), Propagators.baggage(), Propagators.jaeger())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("baggageCodecs")
  void baggage_roundTripsThroughTheHeaders(String name, Propagator propagator) {
    RingtraceTracer t = tracer(propagator);
    Span client = t.buildSpan("client").start();
    client.setBaggageItem("user", "alice");
    client.setBaggageItem("note", "a b,c;d=e%\u2713\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    TextFormat.HTTP_HEADERS.inject(t, client.context(), headers);

    Span server = t.buildSpan("server").asChildOf(TextFormat.HTTP_HEADERS.extract(t, headers)).start();

    assertThat(server.getBaggageItem("user")).isEqualTo("alice");
    assertThat(server.getBaggageItem("note")).isEqualTo("a b,c;d=e%\u2713\r\n");
    for (String value : headers.values()) assertThat(value).doesNotContain("\r", "\n");
    server.finish();
    client.finish();
    assertThat(only("server").baggage()).containsEntry("user", "alice");
  }

  @Test
  void baggage_isPassedOnToTheNextHop() {
    RingtraceTracer t = tracer(Propagators.defaults());
    Map<String, String> in = new LinkedHashMap<>();
    in.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    in.put("baggage", "user=alice;p1, tier = gold");

    Span server = t.buildSpan("server").asChildOf(TextFormat.HTTP_HEADERS.extract(t, in)).start();
    Map<String, String> out = new LinkedHashMap<>();
    TextFormat.HTTP_HEADERS.inject(t, server.context(), out);
    server.finish();

    assertThat(out.get("baggage")).isEqualTo("user=alice;p1,tier=gold");
  }

  @Test
  void defaultPropagator_isW3CTraceContextAndBaggage() {
    tracer = Ringtrace.builder("defaults").exporter(memory).build();
    Span span = tracer.buildSpan("op").start();
    span.setBaggageItem("k", "v");
    Map<String, String> headers = new LinkedHashMap<>();
    TextFormat.HTTP_HEADERS.inject(tracer, span.context(), headers);
    span.finish();

    assertThat(headers).containsOnlyKeys("traceparent", "baggage");
    assertThat(headers.get("traceparent"))
        .isEqualTo("00-" + span.context().toTraceId() + "-" + span.context().toSpanId() + "-03");
    assertThat(headers.get("baggage")).isEqualTo("k=v");
  }

  @Test
  void everyHop_sendsANewParentId_andKeepsTracestate() {
    RingtraceTracer t = tracer(Propagators.defaults());
    Map<String, String> in = new LinkedHashMap<>();
    in.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    in.put("tracestate", "congo=t61rcWkgMzE");

    Span server = t.buildSpan("server").asChildOf(TextFormat.HTTP_HEADERS.extract(t, in)).start();
    Map<String, String> out = new LinkedHashMap<>();
    TextFormat.HTTP_HEADERS.inject(t, server.context(), out);
    server.finish();

    assertThat(out.get("traceparent"))
        .startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
        .doesNotContain("00f067aa0ba902b7")
        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-" + server.context().toSpanId() + "-01");
    assertThat(out.get("tracestate")).isEqualTo("congo=t61rcWkgMzE");
  }

  /** A BINARY carrier over a buffer that is allocated on injection. */
  static final class BufferCarrier implements Binary {
    ByteBuffer buffer;

    @Override
    public ByteBuffer injectionBuffer(int length) {
      buffer = ByteBuffer.allocate(length);
      return buffer;
    }

    @Override
    public ByteBuffer extractionBuffer() {
      return buffer.duplicate().flip();
    }
  }

  @Test
  void binary_childOfTheExtractedContext_continuesTheTraceWithBaggage() {
    RingtraceTracer t = tracer(Propagators.defaults());
    Span client = t.buildSpan("client").start();
    client.setBaggageItem("user", "alice");
    BufferCarrier carrier = new BufferCarrier();
    t.inject(client.context(), Format.Builtin.BINARY, carrier);

    SpanContext extracted = t.extract(Format.Builtin.BINARY, carrier);
    Span server = t.buildSpan("server").asChildOf(extracted).start();
    server.finish();
    client.finish();

    assertThat(only("server").traceId()).isEqualTo(client.context().toTraceId());
    assertThat(only("server").parentSpanId()).isEqualTo(client.context().toSpanId());
    assertThat(server.getBaggageItem("user")).isEqualTo("alice");
  }

  @Test
  void binaryInjectAndExtract_continueTheTraceWithBaggage() {
    RingtraceTracer t = tracer(Propagators.defaults());
    Span client = t.buildSpan("client").start();
    client.setBaggageItem("user", "bob");
    BufferCarrier buffers = new BufferCarrier();
    BinaryInject inject = buffers::injectionBuffer;
    t.inject(client.context(), Format.Builtin.BINARY_INJECT, inject);

    BinaryExtract extract = buffers::extractionBuffer;
    Span server = t.buildSpan("server").asChildOf(t.extract(Format.Builtin.BINARY_EXTRACT, extract)).start();
    server.finish();
    client.finish();

    assertThat(only("server").parentSpanId()).isEqualTo(client.context().toSpanId());
    assertThat(server.getBaggageItem("user")).isEqualTo("bob");
  }

  @Test
  void binary_truncatedBuffer_extractsNothing() {
    RingtraceTracer t = tracer(Propagators.defaults());
    BinaryExtract extract = () -> ByteBuffer.wrap(new byte[] {0, 1, 2});

    assertThat(t.extract(Format.Builtin.BINARY_EXTRACT, extract)).isNull();
  }

  @Test
  void composite_anotherTraceInTheCarrier_becomesAFollowsFromLink() {
    RingtraceTracer t =
        tracer(Propagators.composite(Propagators.traceContext(), Propagators.jaeger()));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    headers.put("uber-trace-id", "1111111111111111:2222222222222222:0:1");

    t.buildSpan("server").asChildOf(TextFormat.HTTP_HEADERS.extract(t, headers)).start().finish();

    FinishedSpan server = only("server");
    assertThat(server.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(server.parentSpanId()).isEqualTo("b7ad6b7169203331");
    List<SpanReference> links = server.links();
    assertThat(links).hasSize(1);
    assertThat(links.get(0).type()).isEqualTo(References.FOLLOWS_FROM);
    assertThat(links.get(0).traceId()).isEqualTo("00000000000000001111111111111111");
    assertThat(links.get(0).spanId()).isEqualTo("2222222222222222");
  }

  @Test
  void composite_sameTraceInBothFormats_makesNoLink() {
    RingtraceTracer t =
        tracer(Propagators.composite(Propagators.traceContext(), Propagators.jaeger()));
    Span client = t.buildSpan("client").start();
    Map<String, String> headers = new LinkedHashMap<>();
    TextFormat.HTTP_HEADERS.inject(t, client.context(), headers);

    t.buildSpan("server").asChildOf(TextFormat.HTTP_HEADERS.extract(t, headers)).start().finish();
    client.finish();

    assertThat(headers).containsKeys("traceparent", "uber-trace-id");
    assertThat(only("server").links()).isEmpty();
  }

  @Test
  void unsampledUpstream_isNotSampledHere() {
    RingtraceTracer t = tracer(Propagators.defaults());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");

    t.buildSpan("server").asChildOf(TextFormat.HTTP_HEADERS.extract(t, headers)).start().finish();

    assertThat(finished()).isEmpty();
  }

  @Test
  void b3DenyOnly_isNotSampledHere() {
    RingtraceTracer t = tracer(Propagators.b3Single());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("b3", "0");

    Span server = t.buildSpan("server").asChildOf(TextFormat.HTTP_HEADERS.extract(t, headers)).start();
    Map<String, String> out = new LinkedHashMap<>();
    TextFormat.HTTP_HEADERS.inject(t, server.context(), out);
    server.finish();

    assertThat(finished()).isEmpty();
    assertThat(((RingtraceSpanContext) server.context()).parentSpanId()).isZero(); // no made-up parent
    assertThat(out.get("b3")).matches("[0-9a-f]{32}-" + server.context().toSpanId() + "-0");
  }

  @Test
  void b3Debug_isSampledAndPassedOnAsDebug() {
    tracer =
        Ringtrace.builder("debug")
            .propagator(Propagators.b3Multi())
            .sampler(io.ringtrace.core.sampler.Sampler.alwaysOff())
            .exporter(memory)
            .build();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-B3-TraceId", "a3ce929d0e0e4736");
    headers.put("X-B3-SpanId", "00f067aa0ba902b7");
    headers.put("X-B3-Flags", "1");

    Span server = tracer.buildSpan("server").asChildOf(TextFormat.HTTP_HEADERS.extract(tracer, headers)).start();
    Map<String, String> out = new LinkedHashMap<>();
    TextFormat.HTTP_HEADERS.inject(tracer, server.context(), out);
    server.finish();

    assertThat(only("server").flags() & TraceFlags.DEBUG).isEqualTo(TraceFlags.DEBUG);
    assertThat(out.get("X-B3-Flags")).isEqualTo("1");
  }

  @Test
  void garbageHeaders_extractNothingAndNeverThrow() {
    RingtraceTracer t =
        tracer(
            Propagators.composite(
                Propagators.traceContext(), Propagators.baggage(), Propagators.b3Multi(), Propagators.jaeger()));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("traceparent", "00-zz-\r\n");
    headers.put("baggage", ";;;,,,===");
    headers.put("b3", "--");
    headers.put("uber-trace-id", ":::");

    assertThat(TextFormat.HTTP_HEADERS.extract(t, headers)).isNull();
  }
}
