/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Binary;
import io.opentracing.propagation.BinaryAdapters;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.ringtrace.core.report.InMemorySpanExporter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InjectExtractRoundTripTest {

  final InMemorySpanExporter memory = InMemorySpanExporter.create();
  final RingtraceTracer tracer = Ringtrace.builder("svc").exporter(memory).build();

  @AfterEach
  void close() {
    tracer.close();
  }

  /** Starts a server span from the extracted context and answers what was exported. */
  FinishedSpan serverSpanOf(SpanContext extracted) {
    tracer.buildSpan("server").asChildOf(extracted).start().finish();
    tracer.flush(Duration.ofSeconds(5));
    return memory.finishedSpans().get(memory.finishedSpans().size() - 1);
  }

  @Test
  void textMap_roundTrip_continuesTheTrace() {
    RingtraceSpanContext client = (RingtraceSpanContext) tracer.buildSpan("client").start().context();
    Map<String, String> headers = new HashMap<>();
    tracer.inject(client, Format.Builtin.TEXT_MAP, new TextMapAdapter(headers));
    assertThat(headers).containsKey("traceparent");

    SpanContext extracted = tracer.extract(Format.Builtin.TEXT_MAP, new TextMapAdapter(headers));
    assertThat(extracted.toTraceId()).isEqualTo(client.toTraceId());
    assertThat(extracted.toSpanId()).isEqualTo(client.toSpanId());
    FinishedSpan server = serverSpanOf(extracted);
    assertThat(server.traceId()).isEqualTo(client.toTraceId());
    assertThat(server.parentSpanId()).isEqualTo(client.toSpanId());
    assertThat(server.spanId()).isNotEqualTo(client.toSpanId());
  }

  @Test
  void httpHeaders_matchKeysCaseInsensitively() {
    Map<String, String> headers = new HashMap<>();
    headers.put("TraceParent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    SpanContext extracted =
        tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    assertThat(extracted.toTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(serverSpanOf(extracted).parentSpanId()).isEqualTo("00f067aa0ba902b7");
  }

  @Test
  void splitTextMapFormats_injectAndExtract() {
    Span client = tracer.buildSpan("client").start();
    Map<String, String> headers = new HashMap<>();
    tracer.inject(client.context(), Format.Builtin.TEXT_MAP_INJECT, headers::put);
    SpanContext extracted =
        tracer.extract(Format.Builtin.TEXT_MAP_EXTRACT, () -> headers.entrySet().iterator());
    assertThat(extracted.toSpanId()).isEqualTo(client.context().toSpanId());
  }

  @Test
  void unsampledDecision_travelsAndIsFollowedDownstream() {
    Map<String, String> headers =
        Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
    SpanContext extracted = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    Span server = tracer.buildSpan("server").asChildOf(extracted).start();
    server.finish();
    tracer.flush(Duration.ofSeconds(5));
    assertThat(memory.finishedSpans()).isEmpty();

    Map<String, String> out = new HashMap<>();
    tracer.inject(server.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(out));
    assertThat(out.get("traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-00");
  }

  @Test
  void binary_roundTrip_carriesIdsFlagsAndBaggage() {
    Span client = tracer.buildSpan("client").start();
    client.setBaggageItem("tenant", "ü-42");
    ByteBuffer buffer = ByteBuffer.allocate(256);
    Binary carrier =
        new Binary() {
          @Override
          public ByteBuffer injectionBuffer(int length) {
            return buffer;
          }

          @Override
          public ByteBuffer extractionBuffer() {
            return buffer;
          }
        };
    tracer.inject(client.context(), Format.Builtin.BINARY, carrier);
    buffer.flip();

    SpanContext extracted = tracer.extract(Format.Builtin.BINARY, carrier);
    assertThat(extracted.toTraceId()).isEqualTo(client.context().toTraceId());
    assertThat(extracted.toSpanId()).isEqualTo(client.context().toSpanId());
    FinishedSpan server = serverSpanOf(extracted);
    assertThat(server.baggage()).containsEntry("tenant", "ü-42");
    assertThat(server.sampled()).isTrue();
  }

  @Test
  void binaryInjectAndExtractFormats_work() {
    Span client = tracer.buildSpan("client").start();
    ByteBuffer[] holder = new ByteBuffer[1];
    tracer.inject(
        client.context(),
        Format.Builtin.BINARY_INJECT,
        length -> holder[0] = ByteBuffer.allocate(length));
    holder[0].flip();
    SpanContext extracted =
        tracer.extract(
            Format.Builtin.BINARY_EXTRACT, BinaryAdapters.extractionCarrier(holder[0]));
    assertThat(extracted.toSpanId()).isEqualTo(client.context().toSpanId());
  }

  @Test
  void extractedContext_carriesTraceStateToChildren() {
    Map<String, String> headers = new HashMap<>();
    headers.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    headers.put("tracestate", "vendor=value");
    Span server =
        tracer.buildSpan("server")
            .asChildOf(tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers)))
            .start();
    Map<String, String> out = new HashMap<>();
    tracer.inject(server.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(out));
    assertThat(out).containsEntry("tracestate", "vendor=value");
  }

  @Test
  void finishedSpans_sayWhetherTheirParentIsRemote() {
    Map<String, String> headers =
        Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    Span server =
        tracer.buildSpan("server")
            .asChildOf(tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers)))
            .start();
    tracer.buildSpan("local").asChildOf(server).start().finish();
    server.finish();
    tracer.buildSpan("root").start().finish();
    tracer.flush(Duration.ofSeconds(5));

    Map<String, Boolean> remote = new HashMap<>();
    memory.finishedSpans().forEach(s -> remote.put(s.operationName(), s.hasRemoteParent()));
    assertThat(remote).containsEntry("server", true).containsEntry("local", false).containsEntry("root", false);
  }
}
