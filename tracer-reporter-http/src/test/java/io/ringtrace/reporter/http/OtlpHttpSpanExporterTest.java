/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import static io.ringtrace.reporter.http.testing.TestCollector.status;
import static org.assertj.core.api.Assertions.assertThat;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.reporter.http.testing.OtlpReference;
import io.ringtrace.reporter.http.testing.TestCollector;
import io.ringtrace.reporter.http.testing.TestSpans;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OTLP exporter against an in-test collector that decodes with the official classes. */
class OtlpHttpSpanExporterTest {

  private final TestCollector collector = startCollector();
  private final FakeTime time = new FakeTime();
  private OtlpHttpSpanExporter exporter;

  private static TestCollector startCollector() {
    try {
      return TestCollector.start();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private OtlpHttpSpanExporter.Builder builder() {
    return OtlpHttpSpanExporter.builder().endpoint(collector.url("/v1/traces")).time(time);
  }

  @AfterEach
  void tearDown() {
    if (exporter != null) exporter.shutdown();
    collector.close();
  }

  @Test
  void export_postsGzippedProtobufThatTheOfficialClassesDecode() throws Exception {
    exporter = builder().build();
    List<FinishedSpan> spans = TestSpans.richTrace();

    ExportResult result = exporter.export(spans);

    assertThat(result.isSuccess()).isTrue();
    TestCollector.Received request = collector.received().get(0);
    assertThat(request.method).isEqualTo("POST");
    assertThat(request.path).isEqualTo("/v1/traces");
    assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(request.header("User-Agent")).startsWith("ringtrace-java/");
    assertThat(ExportTraceServiceRequest.parseFrom(request.body))
        .isEqualTo(OtlpReference.request(spans));
  }

  /** A reply that holds each request until {@code release} opens, counting those held at once. */
  private static TestCollector.Reply heldUntil(
      CountDownLatch release, AtomicInteger held, AtomicInteger mostHeld) {
    return exchange -> {
      mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      held.decrementAndGet();
      status(200).respond(exchange);
    };
  }

  @Test
  void exportAsync_answersBeforeTheCollectorDoes_andCompletesWithTheOutcome() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger held = new AtomicInteger();
    collector.otherwise(heldUntil(release, held, new AtomicInteger()));
    exporter = builder().build();
    List<FinishedSpan> spans = TestSpans.simpleTrace(3);

    CompletableFuture<ExportResult> outcome = exporter.exportAsync(spans);

    assertThat(outcome).isNotDone(); // the collector holds the request
    release.countDown();
    assertThat(outcome.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(ExportTraceServiceRequest.parseFrom(collector.received().get(0).body))
        .isEqualTo(OtlpReference.request(spans));
  }

  @Test
  void exportAsync_twoBatches_areOnTheWireTogether() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger held = new AtomicInteger();
    AtomicInteger mostHeld = new AtomicInteger();
    collector.otherwise(heldUntil(release, held, mostHeld));
    exporter = builder().build();

    CompletableFuture<ExportResult> first = exporter.exportAsync(TestSpans.simpleTrace(2));
    CompletableFuture<ExportResult> second = exporter.exportAsync(TestSpans.simpleTrace(3));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (held.get() < 2 && System.nanoTime() < deadline) Thread.sleep(1);
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(second.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(mostHeld.get()).isEqualTo(2);
  }

  @Test
  void exportAsync_openWhenTheExporterShutsDown_completesAtOnceAsAFailure() throws Exception {
    collector.otherwise(collector.hang());
    exporter = builder().build();
    CompletableFuture<ExportResult> outcome = exporter.exportAsync(TestSpans.simpleTrace(2));

    exporter.shutdown();

    ExportResult result = outcome.get(5, TimeUnit.SECONDS);
    assertThat(result.failure()).isEqualTo(ExportResult.Failure.PERMANENT);
    assertThat(result.rejectedSpans()).isEqualTo(2);
  }

  @Test
  void exportAsync_afterShutdown_failsAtOnce() throws Exception {
    exporter = builder().build();
    exporter.shutdown();

    ExportResult result = exporter.exportAsync(TestSpans.simpleTrace(2)).get(5, TimeUnit.SECONDS);

    assertThat(result.rejectedSpans()).isEqualTo(2);
    assertThat(collector.requestCount()).isZero();
  }

  @Test
  void export_compressionNone_postsThePlainBody() throws Exception {
    exporter = builder().compression("none").build();
    List<FinishedSpan> spans = TestSpans.simpleTrace(3);

    exporter.export(spans);

    TestCollector.Received request = collector.received().get(0);
    assertThat(request.header("Content-Encoding")).isNull();
    assertThat(ExportTraceServiceRequest.parseFrom(request.rawBody))
        .isEqualTo(OtlpReference.request(spans));
  }

  @Test
  void export_customHeaders_areSentWithEveryRequest() {
    exporter =
        builder().header("Authorization", "Bearer s3cr3t").header("X-Scope-OrgID", "tenant-1").build();

    exporter.export(TestSpans.simpleTrace(1));
    exporter.export(TestSpans.simpleTrace(1));

    for (TestCollector.Received request : collector.received()) {
      assertThat(request.header("Authorization")).isEqualTo("Bearer s3cr3t");
      assertThat(request.header("X-Scope-OrgID")).isEqualTo("tenant-1");
    }
    assertThat(collector.requestCount()).isEqualTo(2);
  }

  @Test
  void export_rejectedWithHeaders_neverShowsHeaderValuesInResultLogsOrToString() {
    collector.otherwise(status(401, "unauthorized".getBytes(StandardCharsets.UTF_8)));
    exporter = builder().header("Authorization", "Bearer s3cr3t").build();
    PrintStream err = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    ExportResult result;
    try {
      System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
      result = exporter.export(TestSpans.simpleTrace(2));
    } finally {
      System.setErr(err);
    }

    assertThat(result.failure()).isEqualTo(ExportResult.Failure.PERMANENT);
    String log = logged.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("HTTP 401").contains("unauthorized").doesNotContain("s3cr3t");
    assertThat(result.message()).contains("401").doesNotContain("s3cr3t");
    assertThat(exporter.toString()).contains("Authorization").doesNotContain("s3cr3t");
  }

  @Test
  void export_partialSuccess_reportsTheRejectedSpans() {
    byte[] response =
        ExportTraceServiceResponse.newBuilder()
            .setPartialSuccess(
                ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(2)
                    .setErrorMessage("spans too old"))
            .build()
            .toByteArray();
    collector.otherwise(status(200, response, "Content-Type", "application/x-protobuf"));
    exporter = builder().build();

    ExportResult result = exporter.export(TestSpans.simpleTrace(5));

    assertThat(result.failure()).isEqualTo(ExportResult.Failure.PERMANENT);
    assertThat(result.rejectedSpans()).isEqualTo(2);
    assertThat(result.message()).contains("spans too old");
    assertThat(collector.requestCount()).isEqualTo(1);
  }

  @Test
  void export_successWithEmptyPartialSuccess_isSuccess() {
    byte[] response =
        ExportTraceServiceResponse.newBuilder()
            .setPartialSuccess(ExportTracePartialSuccess.newBuilder())
            .build()
            .toByteArray();
    collector.otherwise(status(200, response));
    exporter = builder().build();

    assertThat(exporter.export(TestSpans.simpleTrace(2)).isSuccess()).isTrue();
  }

  @Test
  void export_transient503_isRetriedAndDelivered() throws Exception {
    collector.then(status(503), status(502), status(504));
    exporter = builder().build();
    List<FinishedSpan> spans = TestSpans.simpleTrace(4);

    ExportResult result = exporter.export(spans);

    assertThat(result.isSuccess()).isTrue();
    List<TestCollector.Received> requests = collector.received();
    assertThat(requests).hasSize(4);
    assertThat(requests.get(3).body).isEqualTo(requests.get(0).body);
    assertThat(ExportTraceServiceRequest.parseFrom(requests.get(3).body))
        .isEqualTo(OtlpReference.request(spans));
  }

  @Test
  void export_retries_backOffExponentiallyWithJitter() {
    collector.then(status(503), status(503), status(503), status(503));
    exporter =
        builder().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(200)).build();

    exporter.export(TestSpans.simpleTrace(1));

    List<Long> sleeps = time.sleeps();
    assertThat(sleeps).hasSize(4);
    long ms = 1_000_000;
    assertThat(sleeps.get(0)).isBetween(50 * ms, 100 * ms);
    assertThat(sleeps.get(1)).isBetween(75 * ms, 150 * ms);
    assertThat(sleeps.get(2)).isBetween(100 * ms, 200 * ms); // capped at maxBackoff
    assertThat(sleeps.get(3)).isBetween(100 * ms, 200 * ms);
  }

  @Test
  void export_429WithRetryAfterSeconds_waitsAsToldThenDelivers() {
    collector.then(status(429, new byte[0], "Retry-After", "3"));
    exporter = builder().build();

    ExportResult result = exporter.export(TestSpans.simpleTrace(2));

    assertThat(result.isSuccess()).isTrue();
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3).toNanos());
  }

  @Test
  void export_503WithRetryAfterDate_waitsUntilThatDate() {
    String in7Seconds =
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            java.time.Instant.ofEpochMilli(FakeTime.WALL_MILLIS + 7_000).atZone(java.time.ZoneOffset.UTC));
    collector.then(status(503, new byte[0], "Retry-After", in7Seconds));
    exporter = builder().build();

    ExportResult result = exporter.export(TestSpans.simpleTrace(2));

    assertThat(result.isSuccess()).isTrue();
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7).toNanos());
  }

  @Test
  void export_retryAfterBeyondTheTimeout_givesUpAtOnceAsRetryable() {
    collector.then(status(503, new byte[0], "Retry-After", "60"));
    exporter = builder().timeout(Duration.ofSeconds(10)).build();

    ExportResult result = exporter.export(TestSpans.simpleTrace(3));

    assertThat(result.failure()).isEqualTo(ExportResult.Failure.RETRYABLE);
    assertThat(result.rejectedSpans()).isEqualTo(3);
    assertThat(time.sleeps()).isEmpty();
    assertThat(collector.requestCount()).isEqualTo(1);
  }

  @Test
  void export_persistent503_stopsAfterMaxAttempts() {
    collector.otherwise(status(503));
    exporter = builder().maxAttempts(3).build();

    ExportResult result = exporter.export(TestSpans.simpleTrace(3));

    assertThat(result.failure()).isEqualTo(ExportResult.Failure.RETRYABLE);
    assertThat(result.rejectedSpans()).isEqualTo(3);
    assertThat(result.message()).contains("503").contains("3 attempts");
    assertThat(collector.requestCount()).isEqualTo(3);
  }

  @Test
  void export_400_isPermanentAndNotRetried() {
    collector.otherwise(status(400, "bad span".getBytes(StandardCharsets.UTF_8)));
    exporter = builder().build();

    ExportResult result = exporter.export(TestSpans.simpleTrace(3));

    assertThat(result.failure()).isEqualTo(ExportResult.Failure.PERMANENT);
    assertThat(result.rejectedSpans()).isEqualTo(3);
    assertThat(result.message()).contains("HTTP 400").contains("bad span");
    assertThat(collector.requestCount()).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void export_500_isNotRetried() {
    collector.otherwise(status(500));
    exporter = builder().build();

    ExportResult result = exporter.export(TestSpans.simpleTrace(2));

    assertThat(result.isSuccess()).isFalse();
    assertThat(result.rejectedSpans()).isEqualTo(2);
    assertThat(collector.requestCount()).isEqualTo(1);
  }

  @Test
  void export_batchOverMaxRequestBytes_isSplitAndEveryRequestStaysUnder() throws Exception {
    exporter = builder().maxRequestBytes(4096).build();
    List<FinishedSpan> spans = TestSpans.simpleTrace(300);

    ExportResult result = exporter.export(spans);

    assertThat(result.isSuccess()).isTrue();
    List<Span> delivered = new ArrayList<>();
    for (TestCollector.Received request : collector.received()) {
      assertThat(request.body.length).isLessThanOrEqualTo(4096);
      delivered.addAll(OtlpReference.spans(ExportTraceServiceRequest.parseFrom(request.body)));
    }
    assertThat(collector.requestCount()).isGreaterThan(5);
    assertThat(delivered).isEqualTo(OtlpReference.spans(OtlpReference.request(spans)));
  }

  @Test
  void export_spanTooLargeEvenTruncated_isDroppedAndCountedNeverSent() throws Exception {
    exporter = builder().maxRequestBytes(4096).build();
    List<FinishedSpan> spans = new ArrayList<>(TestSpans.simpleTrace(3));
    spans.add(TestSpans.spanWithLongKeys(10_000));

    ExportResult result = exporter.export(spans);

    assertThat(result.failure()).isEqualTo(ExportResult.Failure.PERMANENT);
    assertThat(result.rejectedSpans()).isEqualTo(1);
    assertThat(result.message()).contains("maxRequestBytes");
    List<Span> delivered = new ArrayList<>();
    for (TestCollector.Received request : collector.received()) {
      delivered.addAll(OtlpReference.spans(ExportTraceServiceRequest.parseFrom(request.body)));
    }
    assertThat(delivered).hasSize(3);
  }

  @Test
  void export_afterShutdown_failsWithoutSending() {
    exporter = builder().build();
    exporter.shutdown();

    ExportResult result = exporter.export(TestSpans.simpleTrace(2));

    assertThat(result.failure()).isEqualTo(ExportResult.Failure.PERMANENT);
    assertThat(result.rejectedSpans()).isEqualTo(2);
    assertThat(collector.requestCount()).isZero();
  }

  @Test
  void export_emptyBatch_sendsNothing() {
    exporter = builder().build();

    assertThat(exporter.export(List.of()).isSuccess()).isTrue();
    assertThat(collector.requestCount()).isZero();
  }
}
