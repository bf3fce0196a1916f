/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.ReporterMetrics;
import io.ringtrace.reporter.http.testing.TestCollector;
import io.ringtrace.core.sampler.Sampler;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The application thread does not notice the collector: with the real OTLP exporter talking to a
 * collector that never answers, finishing spans never waits for it (the test would hit its
 * timeout), the spans the ring cannot hold are dropped and counted, and every span is accounted
 * for. What a finish costs with a healthy or a hung collector is measured in JMH
 * ({@code SpanFinishBenchmark}), not here.
 */
class ProducerIsolationTest {

  /** Far more than the ring holds, so that spans must drop while the collector hangs. */
  static final int SPANS = 100_000;

  @Test
  @Timeout(60)
  void finish_neverWaitsForAHungCollector_andEverySpanIsAccountedFor() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      collector.otherwise(collector.hang());
      OtlpHttpSpanExporter exporter =
          OtlpHttpSpanExporter.builder()
              .endpoint(collector.url("/v1/traces"))
              .timeout(Duration.ofMinutes(5)) // longer than the test: only close can end it
              .build();
      RingtraceTracer tracer =
          Ringtrace.builder("isolated").sampler(Sampler.alwaysOn()).exporter(exporter).build();
      long finished = 0;
      for (int i = 0; i < SPANS; i++, finished++) {
        tracer.buildSpan("op").withTag("i", i).start().finish();
      }
      ReporterMetrics during = tracer.metrics();

      assertThat(tracer.close(Duration.ofSeconds(1))).isFalse(); // the hung export cannot finish

      assertThat(finished).isEqualTo(SPANS);
      assertThat(during.droppedQueueFull()).as("dropped while the collector hung").isPositive();
      ReporterMetrics m = tracer.metrics();
      assertThat(m.spansFinished()).isEqualTo(finished);
      assertThat(m.queued()).isZero();
      assertThat(m.inFlight()).isZero();
      assertThat(m.spansExported()).isZero(); // nothing was answered
      assertThat(m.droppedQueueFull() + m.droppedExportFailed() + m.droppedShutdown())
          .isEqualTo(finished);
    }
  }
}
