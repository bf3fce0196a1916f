/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesEncoder;

class WireWalkerTest {

  private static Span otlpSpan(int id, int traceIdBytes) {
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(new byte[traceIdBytes]).concat(ByteString.EMPTY))
        .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) id}))
        .setName("span-" + id)
        .setStartTimeUnixNano(1_000L * id)
        .setEndTimeUnixNano(2_000L * id)
        .setFlags(0x301)
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("http.status_code")
                .setValue(AnyValue.newBuilder().setIntValue(200)))
        .build();
  }

  private static ScopeSpans scope(Span... spans) {
    return ScopeSpans.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("scope"))
        .addAllSpans(Arrays.asList(spans))
        .build();
  }

  private static byte[] request(ScopeSpans... scopes) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("svc"))))
                .addAllScopeSpans(Arrays.asList(scopes)))
        .build()
        .toByteArray();
  }

  @Test
  void otlp_countsTheSpansOfEveryScope() {
    byte[] body = request(scope(otlpSpan(1, 16), otlpSpan(2, 16)), scope(otlpSpan(3, 16)));

    assertThat(WireWalker.countOtlpSpans(body)).isEqualTo(3);
  }

  @Test
  void otlp_emptyRequest_hasNoSpans() {
    assertThat(WireWalker.countOtlpSpans(new byte[0])).isZero();
  }

  @Test
  void otlp_traceIdOfEightBytes_isRejected() {
    byte[] body = request(scope(otlpSpan(1, 8)));

    assertThatThrownBy(() -> WireWalker.countOtlpSpans(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trace id");
  }

  @Test
  void otlp_spanWithoutIds_isRejected() {
    byte[] body = request(scope(Span.newBuilder().setName("no ids").build()));

    assertThatThrownBy(() -> WireWalker.countOtlpSpans(body))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void otlp_truncatedBody_isRejected() {
    byte[] body = request(scope(otlpSpan(1, 16), otlpSpan(2, 16)));

    for (int cut = 1; cut < body.length; cut++) {
      byte[] truncated = Arrays.copyOf(body, cut);
      assertThatThrownBy(() -> WireWalker.countOtlpSpans(truncated))
          .as("cut at %d of %d", cut, body.length)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void zipkin_countsSpansOf64And128BitTraces() {
    List<zipkin2.Span> spans =
        Arrays.asList(
            zipkin2.Span.newBuilder()
                .traceId("463ac35c9f6413ad")
                .id("a2fb4a1d1a96d312")
                .name("get")
                .localEndpoint(Endpoint.newBuilder().serviceName("svc").build())
                .putTag("http.method", "GET")
                .build(),
            zipkin2.Span.newBuilder()
                .traceId("463ac35c9f6413ad48485a3953bb6124")
                .parentId("a2fb4a1d1a96d312")
                .id("0020000000000001")
                .name("child")
                .build());

    byte[] body = SpanBytesEncoder.PROTO3.encodeList(spans);

    assertThat(WireWalker.countZipkinSpans(body)).isEqualTo(2);
  }

  @Test
  void zipkin_truncatedBody_isRejected() {
    byte[] body =
        SpanBytesEncoder.PROTO3.encodeList(
            Arrays.asList(
                zipkin2.Span.newBuilder()
                    .traceId("463ac35c9f6413ad")
                    .id("a2fb4a1d1a96d312")
                    .build()));

    byte[] truncated = Arrays.copyOf(body, body.length - 3);

    assertThatThrownBy(() -> WireWalker.countZipkinSpans(truncated))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
