/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentracing.References;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.SpanLimits;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.reporter.http.testing.Bodies;
import io.ringtrace.reporter.http.testing.ModifiedSpan;
import io.ringtrace.reporter.http.testing.OtlpReference;
import io.ringtrace.reporter.http.testing.TestSpans;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OtlpTraceEncoderTest {

  private final OtlpTraceEncoder encoder = new OtlpTraceEncoder();

  private ExportTraceServiceRequest decode(List<FinishedSpan> spans) throws Exception {
    return ExportTraceServiceRequest.parseFrom(Bodies.single(encoder, spans));
  }

  @Test
  void encode_richTrace_decodesToTheReferenceMapping() throws Exception {
    List<FinishedSpan> spans = TestSpans.richTrace();

    assertThat(decode(spans)).isEqualTo(OtlpReference.request(spans));
  }

  @Test
  void encode_richTrace_isByteForByteWhatTheOfficialClassesSerialize() {
    List<FinishedSpan> spans = TestSpans.richTrace();
    ExportTraceServiceRequest expected = OtlpReference.request(spans);

    byte[] body = Bodies.single(encoder, spans);

    assertThat(body).hasSize(expected.getSerializedSize());
    assertThat(body).isEqualTo(expected.toByteArray());
  }

  @Test
  void encode_sameSpansAgain_withTheStringCacheWarm_isStillByteForByteTheOfficialSerialization() {
    List<FinishedSpan> spans = TestSpans.richTrace();
    byte[] expected = OtlpReference.request(spans).toByteArray();

    for (int round = 1; round <= 3; round++) {
      assertThat(Bodies.single(encoder, spans)).as("round %d", round).isEqualTo(expected);
    }
  }

  @Test
  void encode_largestIdsAndLatestTimestamps_roundTrip() throws Exception {
    FinishedSpan span =
        new ModifiedSpan(TestSpans.simpleTrace(2).get(0))
            .ids(-1L, -1L, -1L, -1L)
            .times(Long.MAX_VALUE - 1, Long.MAX_VALUE)
            .flags(0xff);

    Span decoded = OtlpReference.spans(decode(List.of(span))).get(0);

    assertThat(decoded.getTraceId().toByteArray()).containsOnly((byte) 0xff).hasSize(16);
    assertThat(decoded.getSpanId().toByteArray()).containsOnly((byte) 0xff).hasSize(8);
    assertThat(decoded.getParentSpanId().toByteArray()).containsOnly((byte) 0xff).hasSize(8);
    assertThat(decoded.getStartTimeUnixNano()).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(decoded.getEndTimeUnixNano()).isEqualTo(Long.MAX_VALUE);
    assertThat(decoded.getFlags() & 0xff).isEqualTo(0xff); // the W3C byte, whole
    assertThat(decoded).isEqualTo(OtlpReference.span(span));
  }

  @Test
  void encode_zeroTimestampsAndEmptyName_areLeftOutLikeTheOfficialClasses() {
    FinishedSpan span = new ModifiedSpan(TestSpans.simpleTrace(1).get(0)).times(0, 0).name("");
    ExportTraceServiceRequest expected = OtlpReference.request(List.of(span));

    assertThat(Bodies.single(encoder, List.of(span))).isEqualTo(expected.toByteArray());
  }

  @Test
  void encode_nonAsciiAndEmptyValues_readBackEqual() throws Exception {
    Span server = OtlpReference.spans(decode(TestSpans.richTrace())).get(0);

    Map<String, KeyValue> attributes =
        server.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv));
    assertThat(attributes.get("unicode").getValue().getStringValue()).isEqualTo(TestSpans.NON_ASCII);
    assertThat(attributes.get("empty.value").getValue().hasStringValue()).isTrue();
    assertThat(attributes.get("empty.value").getValue().getStringValue()).isEmpty();
    assertThat(attributes.get("").getValue().getStringValue()).isEqualTo("empty key");
  }

  @Test
  void encode_unpairedSurrogates_becomeQuestionMarksWithoutProtobufWarnings() throws Exception {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = TestSpans.tracer("svc", memory);
    tracer.buildSpan("op\udc00").withTag("broken\ud800", "a\ud800b").withTag("pair", "\ud83d\ude00").start().finish();
    List<java.util.logging.LogRecord> warnings = new ArrayList<>();
    java.util.logging.Logger protobuf = java.util.logging.Logger.getLogger("com.google.protobuf");
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            warnings.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    protobuf.addHandler(handler);
    Span span;
    try {
      span = OtlpReference.spans(decode(TestSpans.finished(tracer, memory))).get(0);
    } finally {
      protobuf.removeHandler(handler);
    }

    assertThat(span.getName()).isEqualTo("op?");
    assertThat(span.getAttributesList())
        .contains(OtlpReference.kv("broken?", "a?b"), OtlpReference.kv("pair", "\ud83d\ude00"));
    assertThat(warnings).isEmpty();
  }

  @Test
  void encode_tagValues_keepTheirTypes() throws Exception {
    Span server = OtlpReference.spans(decode(TestSpans.richTrace())).get(0);

    Map<String, KeyValue> a =
        server.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv));
    assertThat(a.get("http.status_code").getValue().getIntValue()).isEqualTo(500);
    assertThat(a.get("long").getValue().getIntValue()).isEqualTo(Long.MAX_VALUE);
    assertThat(a.get("negative").getValue().getIntValue()).isEqualTo(-42);
    assertThat(a.get("byte").getValue().getIntValue()).isEqualTo(-1);
    assertThat(a.get("double").getValue().getDoubleValue()).isEqualTo(3.25);
    assertThat(a.get("float").getValue().getDoubleValue()).isEqualTo(1.5);
    assertThat(a.get("enabled").getValue().getBoolValue()).isTrue();
    assertThat(a.get("disabled").getValue().hasBoolValue()).isTrue();
    assertThat(a.get("small.big.integer").getValue().getIntValue()).isEqualTo(12345);
    assertThat(a.get("huge.big.integer").getValue().getStringValue())
        .isEqualTo("123456789012345678901234567890");
    assertThat(a.get("big.decimal").getValue().getStringValue())
        .isEqualTo("0.1000000000000000000000000001");
  }

  @Test
  void encode_spanKindTag_becomesTheKindAndNotAnAttribute() throws Exception {
    List<Span> spans = OtlpReference.spans(decode(TestSpans.richTrace()));

    assertThat(spans.get(0).getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(spans.get(1).getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(spans.get(0).getAttributesList()).extracting(KeyValue::getKey).doesNotContain("span.kind");
  }

  @Test
  void encode_unknownSpanKind_isInternalAndKeptAsAttribute() throws Exception {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = TestSpans.tracer("svc", memory);
    tracer.buildSpan("op").withTag("span.kind", "batch-job").start().finish();

    Span span = OtlpReference.spans(decode(TestSpans.finished(tracer, memory))).get(0);

    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(span.getAttributesList()).contains(OtlpReference.kv("span.kind", "batch-job"));
  }

  @Test
  void encode_errorTag_givesStatusErrorWithTheLoggedMessage() throws Exception {
    Span server = OtlpReference.spans(decode(TestSpans.richTrace())).get(0);

    assertThat(server.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(server.getStatus().getMessage()).isEqualTo("payment declined");
  }

  @Test
  void encode_spanWithoutErrorTag_hasNoStatus() throws Exception {
    Span client = OtlpReference.spans(decode(TestSpans.richTrace())).get(1);

    assertThat(client.hasStatus()).isFalse();
  }

  @Test
  void encode_errorObjectField_becomesExceptionAttributes() throws Exception {
    Span server = OtlpReference.spans(decode(TestSpans.richTrace())).get(0);

    Span.Event error = server.getEvents(1);
    assertThat(error.getName()).isEqualTo("error");
    Map<String, KeyValue> a =
        error.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv));
    assertThat(a.get("exception.type").getValue().getStringValue())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(a.get("exception.message").getValue().getStringValue())
        .isEqualTo("payment declined: ünïcode");
    assertThat(a.get("exception.stacktrace").getValue().getStringValue())
        .startsWith("java.lang.IllegalStateException: payment declined")
        .contains("at io.ringtrace.reporter.http.testing.TestSpans.richTrace");
    assertThat(a).doesNotContainKey("error.object").containsKey("retries");
  }

  @Test
  void encode_logs_becomeEventsNamedByTheirEventField() throws Exception {
    Span server = OtlpReference.spans(decode(TestSpans.richTrace())).get(0);

    assertThat(server.getEventsList())
        .extracting(Span.Event::getName)
        .containsExactly("cache miss", "error", "log", "404", "log");
    assertThat(server.getEvents(0).getTimeUnixNano())
        .isEqualTo((TestSpans.START_MICROS + 10) * 1000);
  }

  @Test
  void encode_followsFromReference_becomesLinkWithRefTypeAndTraceState() throws Exception {
    Span server = OtlpReference.spans(decode(TestSpans.richTrace())).get(0);

    assertThat(server.getLinksCount()).isEqualTo(1);
    Span.Link link = server.getLinks(0);
    assertThat(link.getTraceId()).isEqualTo(OtlpReference.bytes(0x1111111111111111L, 0x2222222222222222L));
    assertThat(link.getSpanId()).isEqualTo(OtlpReference.bytes(0x3333333333333333L));
    assertThat(link.getTraceState()).isEqualTo("vendor=value");
    assertThat(link.getFlags()).isEqualTo(1);
    assertThat(link.getAttributesList())
        .containsExactly(OtlpReference.kv("opentracing.ref_type", References.FOLLOWS_FROM));
  }

  @Test
  void encode_upstreamContext_carriesTraceStateParentAndSampledFlag() throws Exception {
    Span server = OtlpReference.spans(decode(TestSpans.richTrace())).get(0);

    assertThat(server.getTraceId())
        .isEqualTo(OtlpReference.bytes(0x0af7651916cd43ddL, 0x8448eb211c80319cL));
    assertThat(server.getParentSpanId()).isEqualTo(OtlpReference.bytes(0xb7ad6b7169203331L));
    assertThat(server.getTraceState()).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    assertThat(server.getFlags()).isEqualTo(0x301); // sampled; parent known to be remote
  }

  @Test
  void encode_resource_hasServiceNameSdkHostProcessAndTracerTags() throws Exception {
    ExportTraceServiceRequest request = decode(TestSpans.richTrace());

    Map<String, KeyValue> a =
        request.getResourceSpans(0).getResource().getAttributesList().stream()
            .collect(Collectors.toMap(KeyValue::getKey, kv -> kv));
    assertThat(a.get("service.name").getValue().getStringValue()).isEqualTo("checkout");
    assertThat(a.get("telemetry.sdk.name").getValue().getStringValue()).isEqualTo("ringtrace");
    assertThat(a.get("telemetry.sdk.language").getValue().getStringValue()).isEqualTo("java");
    assertThat(a.get("telemetry.sdk.version").getValue().getStringValue()).isNotBlank();
    assertThat(a.get("host.name").getValue().getStringValue()).isNotBlank();
    assertThat(a.get("process.pid").getValue().getIntValue()).isEqualTo(ProcessHandle.current().pid());
    assertThat(a.get("region").getValue().getStringValue()).isEqualTo("eu-west-1");
    assertThat(a.get("replicas").getValue().getIntValue()).isEqualTo(3);
    assertThat(a.get("canary").getValue().hasBoolValue()).isTrue();
    assertThat(request.getResourceSpans(0).getScopeSpans(0).getScope().getName())
        .isEqualTo("io.ringtrace");
  }

  @Test
  void encode_spansOfTwoTracers_areGroupedByResource() throws Exception {
    List<FinishedSpan> a = TestSpans.simpleTrace(2);
    List<FinishedSpan> b = TestSpans.richTrace();
    List<FinishedSpan> mixed = List.of(a.get(0), b.get(0), a.get(1), b.get(1));

    ExportTraceServiceRequest request = decode(mixed);

    assertThat(request.getResourceSpansCount()).isEqualTo(2);
    assertThat(request.getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(2);
    assertThat(request.getResourceSpans(1).getScopeSpans(0).getSpansCount()).isEqualTo(2);
    assertThat(request).isEqualTo(OtlpReference.request(mixed));
  }

  @Test
  void encode_droppedCounts_areWritten() throws Exception {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer =
        Ringtrace.builder("limited")
            .spanLimits(
                SpanLimits.builder().maxTags(1).maxLogs(1).maxFieldsPerLog(1).maxReferences(1).build())
            .exporter(memory)
            .build();
    io.opentracing.Span parent = tracer.buildSpan("parent").start();
    io.opentracing.Span other = tracer.buildSpan("other").start();
    io.opentracing.Span span =
        tracer
            .buildSpan("limited")
            .asChildOf(parent)
            .addReference(References.FOLLOWS_FROM, other.context())
            .withTag("a", 1)
            .withTag("b", 2)
            .start();
    span.log(Map.of("x", 1, "y", 2));
    span.log("second");
    span.finish();
    tracer.flush(Duration.ofSeconds(1));

    Span decoded = OtlpReference.spans(decode(TestSpans.finished(tracer, memory))).get(0);

    assertThat(decoded.getDroppedAttributesCount()).isEqualTo(1);
    assertThat(decoded.getDroppedEventsCount()).isEqualTo(1);
    assertThat(decoded.getDroppedLinksCount()).isEqualTo(1);
    assertThat(decoded.getEvents(0).getDroppedAttributesCount()).isEqualTo(1);
  }

  @Test
  void encodeRequest_batchLargerThanTheLimit_isSplitIntoRequestsUnderIt() throws Exception {
    List<FinishedSpan> spans = TestSpans.simpleTrace(200);
    int max = 4096;

    Bodies bodies = Bodies.encode(encoder, spans, max);

    assertThat(bodies.bodies.size()).isGreaterThan(1);
    List<Span> all = new ArrayList<>();
    for (byte[] body : bodies.bodies) {
      assertThat(body.length).isLessThanOrEqualTo(max);
      all.addAll(OtlpReference.spans(ExportTraceServiceRequest.parseFrom(body)));
    }
    assertThat(all).isEqualTo(OtlpReference.spans(OtlpReference.request(spans)));
    assertThat(bodies.dropped).isZero();
  }

  @Test
  void encodeRequest_requestsAreFilledNearTheLimit() {
    List<FinishedSpan> spans = TestSpans.simpleTrace(200);
    int max = 4096;

    Bodies bodies = Bodies.encode(encoder, spans, max);

    int largestSpan = 0;
    for (FinishedSpan s : spans) {
      largestSpan = Math.max(largestSpan, OtlpReference.span(s).getSerializedSize() + 3);
    }
    for (int b = 0; b < bodies.bodies.size() - 1; b++) {
      assertThat(bodies.bodies.get(b).length).isGreaterThan(max - largestSpan - 64);
    }
  }

  @Test
  void prepare_spanTooLargeAlone_hasItsLongestValueTruncatedToFit() throws Exception {
    FinishedSpan big = TestSpans.spanWithLongValue(10_000);
    int max = 2048;

    Bodies bodies = Bodies.encode(encoder, List.of(big), max);

    assertThat(bodies.dropped).isZero();
    assertThat(bodies.truncated).isEqualTo(1);
    assertThat(bodies.bodies).hasSize(1);
    byte[] body = bodies.bodies.get(0);
    assertThat(body.length).isLessThanOrEqualTo(max).isGreaterThan(max - 16);
    Span decoded = OtlpReference.spans(ExportTraceServiceRequest.parseFrom(body)).get(0);
    Map<String, KeyValue> a =
        decoded.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv));
    assertThat(a.get("big.value").getValue().getStringValue()).matches("x+").hasSizeLessThan(max);
    assertThat(a.get("small").getValue().getStringValue()).isEqualTo("kept");
  }

  @Test
  void prepare_spanTooLargeEvenWithEmptyValues_isDroppedAndCounted() throws Exception {
    List<FinishedSpan> spans = new ArrayList<>(TestSpans.simpleTrace(3));
    spans.add(1, TestSpans.spanWithLongKeys(8192));
    int max = 4096;

    Bodies bodies = Bodies.encode(encoder, spans, max);

    assertThat(bodies.dropped).isEqualTo(1);
    List<Span> all = new ArrayList<>();
    for (byte[] body : bodies.bodies) {
      all.addAll(OtlpReference.spans(ExportTraceServiceRequest.parseFrom(body)));
    }
    assertThat(all).extracting(Span::getName).containsExactly("child-1", "child-2", "root");
  }

  @Test
  void encode_spanFlags_sayWhetherTheParentIsRemote() throws Exception {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = TestSpans.tracer("svc", memory);
    java.util.Map<String, String> headers =
        java.util.Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    io.opentracing.SpanContext remote =
        tracer.extract(
            io.opentracing.propagation.Format.Builtin.HTTP_HEADERS,
            new io.opentracing.propagation.TextMapAdapter(headers));
    io.opentracing.Span server = tracer.buildSpan("server").asChildOf(remote).start();
    tracer.buildSpan("local").asChildOf(server).start().finish();
    server.finish();
    tracer.buildSpan("root").ignoreActiveSpan().start().finish();

    java.util.Map<String, Integer> flags = new java.util.HashMap<>();
    for (Span s : OtlpReference.spans(decode(TestSpans.finished(tracer, memory)))) {
      flags.put(s.getName(), s.getFlags());
    }
    // The W3C byte as received (sampled) for the continued trace; sampled and random (0x03) for
    // the trace this tracer started.
    assertThat(flags).containsEntry("server", 0x301).containsEntry("local", 0x101).containsEntry("root", 0x103);
    tracer.close();
  }
}
