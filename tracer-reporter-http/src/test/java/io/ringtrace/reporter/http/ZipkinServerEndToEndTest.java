/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.Span;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.ReporterMetrics;
import io.ringtrace.reporter.http.testing.ModifiedSpan;
import io.ringtrace.reporter.http.testing.TeeExporter;
import io.ringtrace.reporter.http.testing.TestSpans;
import io.ringtrace.reporter.http.testing.ZipkinReference;
import io.ringtrace.reporter.http.testing.ZipkinServerProcess;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zipkin2.codec.SpanBytesDecoder;

/**
 * Traces go through the whole tracer (tracer, reporter, Zipkin exporter) to a real Zipkin server
 * and are read back through its query API: every span, parent link, tag and annotation must be
 * there, in both encodings.
 */
class ZipkinServerEndToEndTest {

  private static ZipkinServerProcess zipkin;

  @BeforeAll
  static void startZipkin() throws Exception {
    zipkin = ZipkinServerProcess.start();
  }

  @AfterAll
  static void stopZipkin() throws Exception {
    if (zipkin != null) zipkin.close();
  }

  private static RingtraceTracer tracer(TeeExporter exporter) {
    return Ringtrace.builder("Checkout-E2E").tag("region", "eu-west-1").exporter(exporter).build();
  }

  /** A three-level trace with tags of every type, logs, an error and peer tags. */
  private static String recordTrace(RingtraceTracer tracer) {
    Span root =
        tracer.buildSpan("GET /Checkout").withTag("span.kind", "server").withTag("http.status_code", 200).start();
    root.log("request received");
    Span client =
        tracer
            .buildSpan("charge")
            .asChildOf(root)
            .withTag("span.kind", "client")
            .withTag("peer.service", "payments")
            .withTag("peer.ipv4", "10.0.0.7")
            .withTag("peer.port", 8443)
            .withTag("unicode", TestSpans.NON_ASCII)
            .withTag("empty", "")
            .start();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "error");
    fields.put("message", "card declined");
    client.log(fields);
    client.setTag("error", true);
    Span db = tracer.buildSpan("SELECT").asChildOf(client).withTag("db.rows", 3L).withTag("cached", false).start();
    db.finish();
    client.finish();
    root.finish();
    assertThat(tracer.flush(Duration.ofSeconds(10))).isTrue();
    return root.context().toTraceId();
  }

  private static List<zipkin2.Span> query(String traceId, int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<zipkin2.Span> spans = List.of();
    while (System.nanoTime() < deadline) {
      HttpResponse<byte[]> response = zipkin.get("/api/v2/trace/" + traceId);
      if (response.statusCode() == 200) {
        spans = SpanBytesDecoder.JSON_V2.decodeList(response.body());
        if (spans.size() >= expected) break;
      }
      Thread.sleep(100);
    }
    return sorted(spans);
  }

  private static List<zipkin2.Span> sorted(List<zipkin2.Span> spans) {
    return spans.stream().sorted(Comparator.comparing(zipkin2.Span::id)).collect(Collectors.toList());
  }

  private void sendsEveryField(ZipkinHttpSpanExporter.Encoding encoding, String compression) throws Exception {
    TeeExporter exporter =
        new TeeExporter(
            ZipkinHttpSpanExporter.builder()
                .endpoint(zipkin.url("/api/v2/spans"))
                .encoding(encoding)
                .compression(compression)
                .build());
    RingtraceTracer tracer = tracer(exporter);

    String traceId = recordTrace(tracer);

    List<zipkin2.Span> stored = query(traceId, 3);
    List<FinishedSpan> sent = exporter.sent();
    assertThat(stored).isEqualTo(sorted(ZipkinReference.spans(sent)));
    assertThat(stored).extracting(zipkin2.Span::name).containsExactlyInAnyOrder("get /checkout", "charge", "select");
    assertThat(stored).extracting(zipkin2.Span::localServiceName).containsOnly("checkout-e2e");
    ReporterMetrics metrics = tracer.metrics();
    assertThat(metrics.spansExported()).isEqualTo(3);
    assertThat(metrics.droppedTotal()).isZero();
    tracer.close();
  }

  @Test
  void proto3_gzipped_everySpanTagAnnotationAndParentArrives() throws Exception {
    sendsEveryField(ZipkinHttpSpanExporter.Encoding.PROTO3, "gzip");
  }

  @Test
  void json_everySpanTagAnnotationAndParentArrives() throws Exception {
    sendsEveryField(ZipkinHttpSpanExporter.Encoding.JSON, "none");
  }

  @Test
  void json_gzipped_isAccepted() throws Exception {
    sendsEveryField(ZipkinHttpSpanExporter.Encoding.JSON, "gzip");
  }

  @Test
  void sixtyFourBitTraceId_isStoredUnderSixteenHexChars() throws Exception {
    ZipkinHttpSpanExporter exporter =
        ZipkinHttpSpanExporter.builder().endpoint(zipkin.url("/api/v2/spans")).build();
    FinishedSpan span =
        new ModifiedSpan(TestSpans.simpleTrace(1).get(0)).ids(0, 0x0123456789abcdefL, 0x42L, 0);
    try {
      ExportResult result = exporter.export(List.of(span));

      assertThat(result.isSuccess()).isTrue();
      List<zipkin2.Span> stored = query("0123456789abcdef", 1);
      assertThat(stored).hasSize(1);
      assertThat(stored.get(0).traceId()).isEqualTo("0123456789abcdef");
      assertThat(stored.get(0)).isEqualTo(ZipkinReference.span(span));
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void collectorMetrics_countTheSpansWeSent() throws Exception {
    long before = spansCollected();
    ZipkinHttpSpanExporter exporter =
        ZipkinHttpSpanExporter.builder().endpoint(zipkin.url("/api/v2/spans")).build();
    try {
      assertThat(exporter.export(TestSpans.simpleTrace(7)).isSuccess()).isTrue();
    } finally {
      exporter.shutdown();
    }

    assertThat(spansCollected()).isEqualTo(before + 7);
  }

  @Test
  void batchOverZipkinsTenMiBLimit_isSplitByTheDefaultLimitAndAllAccepted() throws Exception {
    io.ringtrace.core.report.InMemorySpanExporter memory =
        io.ringtrace.core.report.InMemorySpanExporter.create();
    RingtraceTracer tracer = TestSpans.tracer("big-batch", memory);
    String value = "v".repeat(4000);
    for (int i = 0; i < 3_000; i++) {
      tracer.buildSpan("span-" + i).withTag("payload", value).start().finish();
      // more spans than the reporter's queue holds: let it drain as they come
      if (i % 1_000 == 999) tracer.flush(Duration.ofSeconds(10));
    }
    tracer.flush(Duration.ofSeconds(10));
    List<FinishedSpan> batch = memory.finishedSpans(); // about 12 MB encoded: over Zipkin's 10 MiB
    long before = spansCollected();
    ZipkinHttpSpanExporter exporter =
        ZipkinHttpSpanExporter.builder().endpoint(zipkin.url("/api/v2/spans")).build();
    try {
      ExportResult result = exporter.export(batch);

      assertThat(result.isSuccess()).isTrue();
      assertThat(spansCollected()).isEqualTo(before + 3_000);
    } finally {
      exporter.shutdown();
    }
  }

  /** Sum of {@code zipkin_collector_spans_total} over transports. */
  private static long spansCollected() throws Exception {
    String text = new String(zipkin.get("/prometheus").body(), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("(?m)^zipkin_collector_spans_total\\{[^}]*\\} ([0-9.E]+)").matcher(text);
    double sum = 0;
    while (m.find()) sum += Double.parseDouble(m.group(1));
    return (long) sum;
  }
}
