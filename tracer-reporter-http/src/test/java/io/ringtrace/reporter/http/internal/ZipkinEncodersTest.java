/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.reporter.http.testing.Bodies;
import io.ringtrace.reporter.http.testing.ModifiedSpan;
import io.ringtrace.reporter.http.testing.TestSpans;
import io.ringtrace.reporter.http.testing.ZipkinReference;
import io.ringtrace.propagation.TraceFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import zipkin2.Endpoint;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;
import zipkin2.codec.SpanBytesEncoder;

/** Both Zipkin encodings, decoded by zipkin2's own decoders. */
class ZipkinEncodersTest {

  static Stream<Arguments> encodings() {
    return Stream.of(
        Arguments.of("proto3", (Supplier<BatchEncoder>) ZipkinProto3Encoder::new, SpanBytesDecoder.PROTO3),
        Arguments.of("json", (Supplier<BatchEncoder>) ZipkinJsonEncoder::new, SpanBytesDecoder.JSON_V2));
  }

  private static List<Span> decode(
      Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder, List<FinishedSpan> spans) {
    return decoder.decodeList(Bodies.single(encoder.get(), spans));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encode_richTrace_decodesToTheReferenceMapping(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    List<FinishedSpan> spans = TestSpans.richTrace();

    assertThat(decode(encoder, decoder, spans)).isEqualTo(ZipkinReference.spans(spans));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encode_sameSpansAgain_withTheStringCacheWarm_decodesTheSame(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    List<FinishedSpan> spans = TestSpans.richTrace();
    BatchEncoder reused = encoder.get();

    for (int round = 1; round <= 3; round++) {
      assertThat(decoder.decodeList(Bodies.single(reused, spans)))
          .as("round %d", round)
          .isEqualTo(ZipkinReference.spans(spans));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encode_sizeOfEachSpan_isWhatZipkinsEncoderComputes(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    for (FinishedSpan span : TestSpans.richTrace()) {
      Span expected = ZipkinReference.span(span);
      int body = Bodies.single(encoder.get(), List.of(span)).length;

      if (name.equals("proto3")) {
        int size = SpanBytesEncoder.PROTO3.sizeInBytes(expected);
        assertThat(body).isEqualTo(size); // ListOfSpans of one: the span field is the body
      } else {
        // JSON key order and escapes may differ from Zipkin's writer; the list adds "[" and "]".
        assertThat(decoder.decodeList(Bodies.single(encoder.get(), List.of(span))))
            .containsExactly(expected);
        assertThat(body).isGreaterThan(SpanBytesEncoder.JSON_V2.sizeInBytes(expected) / 2);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encode_clientSpan_hasKindAndRemoteEndpointFromPeerTags(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    Span client = decode(encoder, decoder, TestSpans.richTrace()).get(1);

    assertThat(client.kind()).isEqualTo(Span.Kind.CLIENT);
    Endpoint remote = client.remoteEndpoint();
    assertThat(remote.serviceName()).isEqualTo("payments");
    assertThat(remote.ipv4()).isEqualTo("10.1.2.3");
    assertThat(remote.ipv6()).isEqualTo("2001:db8::c001");
    assertThat(remote.portAsInt()).isEqualTo(8443);
    assertThat(client.tags()).containsEntry("peer.hostname", "payments.internal");
    assertThat(client.tags()).doesNotContainKeys("peer.service", "peer.ipv4", "peer.port", "span.kind");
    assertThat(client.localServiceName()).isEqualTo("checkout");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encode_tags_becomeStringsWithTracerTags(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    Span server = decode(encoder, decoder, TestSpans.richTrace()).get(0);

    assertThat(server.tags())
        .containsEntry("http.status_code", "500")
        .containsEntry("long", String.valueOf(Long.MAX_VALUE))
        .containsEntry("double", "3.25")
        .containsEntry("enabled", "true")
        .containsEntry("disabled", "false")
        .containsEntry("unicode", TestSpans.NON_ASCII)
        .containsEntry("empty.value", "")
        .containsEntry("region", "eu-west-1")
        .containsEntry("replicas", "3")
        .doesNotContainKey("");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encode_errorTrue_becomesErrorTagWithTheMessage(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    Span server = decode(encoder, decoder, TestSpans.richTrace()).get(0);

    assertThat(server.tags()).containsEntry("error", "payment declined");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encode_errorFalse_leavesNoErrorTag(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = TestSpans.tracer("svc", memory);
    tracer.buildSpan("fine").withTag("error", false).start().finish();

    Span span = decode(encoder, decoder, TestSpans.finished(tracer, memory)).get(0);

    assertThat(span.tags()).doesNotContainKey("error");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encode_logs_becomeAnnotations(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    Span server = decode(encoder, decoder, TestSpans.richTrace()).get(0);

    assertThat(server.annotations()).hasSize(4);
    assertThat(server.annotations().get(0).value()).isEqualTo("cache miss");
    assertThat(server.annotations().get(0).timestamp()).isEqualTo(TestSpans.START_MICROS + 10);
    assertThat(server.annotations().get(1).value())
        .startsWith("event=error error.object=java.lang.IllegalStateException: payment declined");
    assertThat(server.annotations().get(2).value()).isEqualTo("db.rows=12 cached=true ratio=0.5");
    assertThat(server.annotations().get(3).value()).isEqualTo("404");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encode_unpairedSurrogate_becomesQuestionMarkAsInUtf8Everywhere(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = TestSpans.tracer("svc", memory);
    tracer.buildSpan("op").withTag("broken", "a\ud800b").withTag("pair", "\ud83d\ude00").start().finish();

    Span span = decode(encoder, decoder, TestSpans.finished(tracer, memory)).get(0);

    assertThat(span.tags()).containsEntry("broken", "a?b").containsEntry("pair", "\ud83d\ude00");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encode_64BitTraceId_isWrittenAs16HexChars(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    FinishedSpan span = new ModifiedSpan(TestSpans.simpleTrace(1).get(0)).ids(0, 0xabcL, 0x1L, 0);

    Span decoded = decode(encoder, decoder, List.of(span)).get(0);

    assertThat(decoded.traceId()).isEqualTo("0000000000000abc");
    assertThat(decoded.id()).isEqualTo("0000000000000001");
    assertThat(decoded.parentId()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encode_largestIdsAndLatestTimestamps_roundTrip(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    FinishedSpan span =
        new ModifiedSpan(TestSpans.simpleTrace(2).get(0))
            .ids(-1L, -1L, -1L, -2L) // Zipkin clears a parent id equal to the span id
            .times(Long.MAX_VALUE - 5_000, Long.MAX_VALUE)
            .flags(TraceFlags.SAMPLED | TraceFlags.DEBUG);

    Span decoded = decode(encoder, decoder, List.of(span)).get(0);

    assertThat(decoded.traceId()).isEqualTo("f".repeat(32));
    assertThat(decoded.id()).isEqualTo("f".repeat(16));
    assertThat(decoded.parentId()).isEqualTo("f".repeat(15) + "e");
    assertThat(decoded.timestampAsLong()).isEqualTo((Long.MAX_VALUE - 5_000) / 1000);
    assertThat(decoded.durationAsLong()).isEqualTo(Long.MAX_VALUE / 1000 - (Long.MAX_VALUE - 5_000) / 1000);
    assertThat(decoded.debug()).isTrue();
    assertThat(decoded).isEqualTo(ZipkinReference.span(span));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encode_subMicrosecondSpan_hasDurationOne(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    FinishedSpan span = new ModifiedSpan(TestSpans.simpleTrace(1).get(0)).times(5_000_000, 5_000_100);

    assertThat(decode(encoder, decoder, List.of(span)).get(0).durationAsLong()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void encodeRequest_batchLargerThanTheLimit_isSplitIntoRequestsUnderIt(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    List<FinishedSpan> spans = TestSpans.simpleTrace(200);
    int max = 4096;

    Bodies bodies = Bodies.encode(encoder.get(), spans, max);

    assertThat(bodies.bodies.size()).isGreaterThan(1);
    List<Span> all = new ArrayList<>();
    for (byte[] body : bodies.bodies) {
      assertThat(body.length).isLessThanOrEqualTo(max);
      all.addAll(decoder.decodeList(body));
    }
    assertThat(all).isEqualTo(ZipkinReference.spans(spans));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void prepare_spanTooLargeAlone_hasItsLongestValueTruncatedToFit(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    int max = 2048;

    Bodies bodies = Bodies.encode(encoder.get(), List.of(TestSpans.spanWithLongValue(10_000)), max);

    assertThat(bodies.truncated).isEqualTo(1);
    assertThat(bodies.dropped).isZero();
    byte[] body = bodies.bodies.get(0);
    assertThat(body.length).isLessThanOrEqualTo(max).isGreaterThan(max - 16);
    Span decoded = decoder.decodeOne(name.equals("json") ? unwrapList(body) : body);
    assertThat(decoded.tags().get("big.value")).matches("x+");
    assertThat(decoded.tags()).containsEntry("small", "kept");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodings")
  void prepare_spanTooLargeEvenWithEmptyValues_isDroppedAndCounted(
      String name, Supplier<BatchEncoder> encoder, SpanBytesDecoder decoder) {
    List<FinishedSpan> spans = new ArrayList<>(TestSpans.simpleTrace(3));
    spans.add(1, TestSpans.spanWithLongKeys(8192));

    Bodies bodies = Bodies.encode(encoder.get(), spans, 4096);

    assertThat(bodies.dropped).isEqualTo(1);
    List<Span> all = new ArrayList<>();
    for (byte[] body : bodies.bodies) all.addAll(decoder.decodeList(body));
    assertThat(all).extracting(Span::name).containsExactly("child-1", "child-2", "root");
  }

  @org.junit.jupiter.api.Test
  void proto3_traceIdWithZeroUpperHalf_takesEightBytes() {
    FinishedSpan span = new ModifiedSpan(TestSpans.simpleTrace(1).get(0)).ids(0, 0xabcL, 0x1L, 0);
    FinishedSpan wide = new ModifiedSpan(span).ids(1, 0xabcL, 0x1L, 0);

    int narrow = Bodies.single(new ZipkinProto3Encoder(), List.of(span)).length;
    int full = Bodies.single(new ZipkinProto3Encoder(), List.of(wide)).length;

    assertThat(full - narrow).isEqualTo(8);
  }

  private static byte[] unwrapList(byte[] json) {
    return java.util.Arrays.copyOfRange(json, 1, json.length - 1);
  }
}
