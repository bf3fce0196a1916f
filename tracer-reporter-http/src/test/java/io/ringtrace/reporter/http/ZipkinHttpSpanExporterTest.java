/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import static io.ringtrace.reporter.http.testing.TestCollector.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.reporter.http.testing.TestCollector;
import io.ringtrace.reporter.http.testing.TestSpans;
import io.ringtrace.reporter.http.testing.ZipkinReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/** The Zipkin exporter against an in-test server that decodes with zipkin2's decoders. */
class ZipkinHttpSpanExporterTest {

  private final TestCollector collector;
  private ZipkinHttpSpanExporter exporter;

  ZipkinHttpSpanExporterTest() throws IOException {
    collector = TestCollector.start().otherwise(status(202));
  }

  @AfterEach
  void tearDown() {
    if (exporter != null) exporter.shutdown();
    collector.close();
  }

  private ZipkinHttpSpanExporter.Builder builder() {
    return ZipkinHttpSpanExporter.builder().endpoint(collector.url("/api/v2/spans")).time(new FakeTime());
  }

  @Test
  void export_byDefault_postsGzippedProto3() {
    exporter = builder().build();
    List<FinishedSpan> spans = TestSpans.richTrace();

    ExportResult result = exporter.export(spans);

    assertThat(result.isSuccess()).isTrue();
    TestCollector.Received request = collector.received().get(0);
    assertThat(request.path).isEqualTo("/api/v2/spans");
    assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(SpanBytesDecoder.PROTO3.decodeList(request.body)).isEqualTo(ZipkinReference.spans(spans));
  }

  @Test
  void export_jsonEncoding_postsJsonV2() {
    exporter = builder().encoding(ZipkinHttpSpanExporter.Encoding.JSON).compression("none").build();
    List<FinishedSpan> spans = TestSpans.richTrace();

    exporter.export(spans);

    TestCollector.Received request = collector.received().get(0);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("Content-Encoding")).isNull();
    assertThat(SpanBytesDecoder.JSON_V2.decodeList(request.rawBody)).isEqualTo(ZipkinReference.spans(spans));
  }

  @Test
  void export_bigBatch_isSplitUnderMaxRequestBytes() {
    exporter = builder().encoding(ZipkinHttpSpanExporter.Encoding.JSON).maxRequestBytes(2048).build();
    List<FinishedSpan> spans = TestSpans.simpleTrace(100);

    assertThat(exporter.export(spans).isSuccess()).isTrue();

    List<Span> delivered = new ArrayList<>();
    for (TestCollector.Received r : collector.received()) {
      assertThat(r.body.length).isLessThanOrEqualTo(2048);
      delivered.addAll(SpanBytesDecoder.JSON_V2.decodeList(r.body));
    }
    assertThat(collector.requestCount()).isGreaterThan(3);
    assertThat(delivered).isEqualTo(ZipkinReference.spans(spans));
  }

  @Test
  void export_503_isRetried() {
    collector.then(status(503));
    exporter = builder().build();

    assertThat(exporter.export(TestSpans.simpleTrace(2)).isSuccess()).isTrue();
    assertThat(collector.requestCount()).isEqualTo(2);
  }

  @Test
  void export_400_isPermanent() {
    collector.otherwise(status(400));
    exporter = builder().build();

    ExportResult result = exporter.export(TestSpans.simpleTrace(2));

    assertThat(result.failure()).isEqualTo(ExportResult.Failure.PERMANENT);
    assertThat(result.rejectedSpans()).isEqualTo(2);
    assertThat(collector.requestCount()).isEqualTo(1);
  }

  @Test
  void toString_namesEndpointAndEncoding() {
    exporter = builder().header("Authorization", "secret-value").build();

    assertThat(exporter.toString())
        .contains("/api/v2/spans")
        .contains("PROTO3")
        .contains("Authorization")
        .doesNotContain("secret-value");
  }
}
