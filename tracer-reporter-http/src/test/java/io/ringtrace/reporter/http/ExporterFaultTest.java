/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import static io.ringtrace.reporter.http.testing.TestCollector.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentracing.Span;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.ReporterMetrics;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.reporter.http.testing.OtlpReference;
import io.ringtrace.reporter.http.testing.RawServer;
import io.ringtrace.reporter.http.testing.TestCollector;
import io.ringtrace.reporter.http.testing.TestSpans;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A broken collector: absent, late, hung, resetting, trickling, failing for good. The exporter
 * must retry what is retryable, account for every span, stay within its timeout and leak nothing.
 */
class ExporterFaultTest {

  private static final Duration SHORT = Duration.ofMillis(500);

  /** A port nothing listens on: taken from the OS, then released. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void export_absentCollector_isRetriedLikeUnavailableThenFailsRetryable() throws Exception {
    FakeTime time = new FakeTime();
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .endpoint("http://127.0.0.1:" + freePort() + "/v1/traces")
            .maxAttempts(3)
            .time(time)
            .build();
    try {
      ExportResult result = exporter.export(TestSpans.simpleTrace(4));

      assertThat(result.failure()).isEqualTo(ExportResult.Failure.RETRYABLE);
      assertThat(result.rejectedSpans()).isEqualTo(4);
      assertThat(result.message()).contains("connection refused");
      assertThat(time.sleeps()).hasSize(2);
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void export_collectorThatStartsLate_losesNoSpans() throws Exception {
    int port = freePort();
    AtomicReference<TestCollector> late = new AtomicReference<>();
    FakeTime time = new FakeTime();
    time.onSleep(() -> { // the sidecar comes up during the first backoff
      if (late.get() == null) {
        try {
          late.set(TestCollector.start(port));
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
    });
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().endpoint("http://127.0.0.1:" + port + "/v1/traces").time(time).build();
    List<FinishedSpan> spans = TestSpans.simpleTrace(5);
    try {
      ExportResult result = exporter.export(spans);

      assertThat(result.isSuccess()).isTrue();
      assertThat(ExportTraceServiceRequest.parseFrom(late.get().received().get(0).body))
          .isEqualTo(OtlpReference.request(spans));
    } finally {
      exporter.shutdown();
      if (late.get() != null) late.get().close();
    }
  }

  @Test
  @Timeout(30) // a hung collector with no export timeout would hold the test here
  void export_hungCollector_returnsRetryableByTheExportTimeout() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      collector.otherwise(collector.hang());
      OtlpHttpSpanExporter exporter =
          OtlpHttpSpanExporter.builder().endpoint(collector.url("/v1/traces")).timeout(SHORT).build();
      try {
        ExportResult result = exporter.export(TestSpans.simpleTrace(3));

        assertThat(result.failure()).isEqualTo(ExportResult.Failure.RETRYABLE);
        assertThat(result.rejectedSpans()).isEqualTo(3);
        assertThat(result.message()).contains("timed out");
      } finally {
        exporter.shutdown();
      }
    }
  }

  @Test
  void export_connectionReset_isRetriedAndDelivered() throws Exception {
    try (RawServer server = new RawServer(RawServer.reset(), RawServer.respond(200))) {
      OtlpHttpSpanExporter exporter =
          OtlpHttpSpanExporter.builder().endpoint(server.url("/v1/traces")).time(new FakeTime()).build();
      try {
        ExportResult result = exporter.export(TestSpans.simpleTrace(2));

        assertThat(result.isSuccess()).isTrue();
        assertThat(server.connections()).isEqualTo(2);
      } finally {
        exporter.shutdown();
      }
    }
  }

  @Test
  @Timeout(30) // a trickle that held the export would hold the test here
  void export_responseTrickledOneBytePerSecond_isBoundedByTheExportTimeout() throws Exception {
    try (RawServer server = new RawServer(RawServer.trickle())) {
      OtlpHttpSpanExporter exporter =
          OtlpHttpSpanExporter.builder().endpoint(server.url("/v1/traces")).timeout(SHORT).build();
      try {
        ExportResult result = exporter.export(TestSpans.simpleTrace(2));

        assertThat(result.failure()).isEqualTo(ExportResult.Failure.RETRYABLE);
        assertThat(result.rejectedSpans()).isEqualTo(2);
      } finally {
        exporter.shutdown();
      }
    }
  }

  @Test
  @Timeout(30) // the export timeout is 5 minutes: only shutdown can end it in time
  void shutdown_whileAnExportHangs_returnsAndEndsTheExport() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      collector.otherwise(collector.hang());
      OtlpHttpSpanExporter exporter =
          OtlpHttpSpanExporter.builder()
              .endpoint(collector.url("/v1/traces"))
              .timeout(Duration.ofMinutes(5))
              .build();
      CompletableFuture<ExportResult> export =
          CompletableFuture.supplyAsync(() -> exporter.export(TestSpans.simpleTrace(3)));
      while (collector.requestCount() == 0) Thread.onSpinWait(); // the request hangs now

      exporter.shutdown();
      ExportResult result = export.get(20, TimeUnit.SECONDS);

      assertThat(result.isSuccess()).isFalse();
      assertThat(result.rejectedSpans()).isEqualTo(3);
    }
  }

  @Test
  @Timeout(30) // the export timeout is 5 minutes: only the close deadline can end close()
  void tracerClose_withCollectorHung_returnsByItsDeadline_andAccountsForTheSpan() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      collector.otherwise(collector.hang());
      OtlpHttpSpanExporter exporter =
          OtlpHttpSpanExporter.builder()
              .endpoint(collector.url("/v1/traces"))
              .timeout(Duration.ofMinutes(5))
              .build();
      RingtraceTracer tracer =
          Ringtrace.builder("hung").sampler(Sampler.alwaysOn()).exporter(exporter).build();
      tracer.buildSpan("op").start().finish();
      long finished = 1;
      tracer.flush(Duration.ZERO); // hand the batch over now
      while (collector.requestCount() == 0) Thread.onSpinWait();

      assertThat(tracer.close(Duration.ofSeconds(1))).isFalse();

      ReporterMetrics m = tracer.metrics();
      assertThat(m.spansFinished()).isEqualTo(finished);
      assertThat(m.spansExported()).isZero();
      assertThat(m.queued()).isZero();
      assertThat(m.inFlight()).isZero(); // the exporter's shutdown completed the hung export
      assertThat(m.droppedTotal()).isEqualTo(finished);
    }
  }

  @Test
  void tracer_spansRetriedAfterTransientFailures_areAllDelivered() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      collector.then(status(503), status(429), status(502));
      OtlpHttpSpanExporter exporter =
          OtlpHttpSpanExporter.builder()
              .endpoint(collector.url("/v1/traces"))
              .time(new FakeTime())
              .build();
      RingtraceTracer tracer = Ringtrace.builder("retrying").exporter(exporter).build();
      Span root = tracer.buildSpan("root").start();
      tracer.buildSpan("child").asChildOf(root).start().finish();
      root.finish();
      tracer.flush(Duration.ofSeconds(5));

      ReporterMetrics m = tracer.metrics();
      assertThat(m.spansFinished()).isEqualTo(2);
      assertThat(m.spansExported()).isEqualTo(2);
      assertThat(m.droppedTotal()).isZero();
      List<TestCollector.Received> requests = collector.received();
      // one batch of both spans: 503, 429, 502, then 200
      assertThat(requests).hasSize(4);
      List<String> delivered = new java.util.ArrayList<>();
      for (TestCollector.Received r : requests.subList(3, 4)) {
        for (io.opentelemetry.proto.trace.v1.Span s :
            OtlpReference.spans(ExportTraceServiceRequest.parseFrom(r.body))) {
          delivered.add(s.getName());
        }
      }
      assertThat(delivered).containsExactly("child", "root");
      tracer.close();
    }
  }

  @Test
  void tracer_spansRejectedPermanently_areDroppedAndCounted() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      collector.otherwise(status(400));
      OtlpHttpSpanExporter exporter =
          OtlpHttpSpanExporter.builder().endpoint(collector.url("/v1/traces")).build();
      RingtraceTracer tracer = Ringtrace.builder("rejected").exporter(exporter).build();
      int finished = 0;
      for (int i = 0; i < 5; i++, finished++) tracer.buildSpan("op-" + i).start().finish();
      tracer.flush(Duration.ofSeconds(5));
      tracer.close();

      ReporterMetrics m = tracer.metrics();
      assertThat(m.spansFinished()).isEqualTo(finished);
      assertThat(m.spansExported()).isZero();
      assertThat(m.droppedExportFailed()).isEqualTo(finished);
      assertThat(m.queued()).isZero();
      assertThat(m.inFlight()).isZero();
      assertThat(collector.requestCount()).isEqualTo(1); // one batch, tried once, not retried
    }
  }

  @Test
  void export_thousandFailingExports_leakNoThreadsSocketsOrMemory() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      collector.otherwise(status(503));
      int refusedPort = freePort();
      OtlpHttpSpanExporter failing =
          OtlpHttpSpanExporter.builder()
              .endpoint(collector.url("/v1/traces"))
              .maxAttempts(2)
              .time(new FakeTime())
              .build();
      OtlpHttpSpanExporter absent =
          OtlpHttpSpanExporter.builder()
              .endpoint("http://127.0.0.1:" + refusedPort + "/v1/traces")
              .maxAttempts(2)
              .time(new FakeTime())
              .build();
      List<FinishedSpan> spans = TestSpans.simpleTrace(10);
      for (int i = 0; i < 50; i++) { // warm up: pools and buffers at their working size
        failing.export(spans);
        absent.export(spans);
      }
      int threadsBefore = liveThreads();
      long fdsBefore = openFileDescriptors();
      long heapBefore = usedHeapAfterGc();

      for (int i = 0; i < 1_000; i++) {
        assertThat(failing.export(spans).rejectedSpans()).isEqualTo(10);
        assertThat(absent.export(spans).rejectedSpans()).isEqualTo(10);
      }

      assertThat(liveThreads()).isLessThanOrEqualTo(threadsBefore + 2);
      assertThat(openFileDescriptors()).isLessThanOrEqualTo(fdsBefore + 4);
      assertThat(usedHeapAfterGc()).isLessThan(heapBefore + 16 * 1024 * 1024);
      failing.shutdown();
      absent.shutdown();
    }
  }

  private static int liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static long openFileDescriptors() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof UnixOperatingSystemMXBean
        ? ((UnixOperatingSystemMXBean) os).getOpenFileDescriptorCount()
        : 0;
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }
}
