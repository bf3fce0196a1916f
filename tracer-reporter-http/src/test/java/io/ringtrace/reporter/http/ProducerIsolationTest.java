/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.ReporterMetrics;
import io.ringtrace.reporter.http.testing.TestCollector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The application thread does not notice the collector: finishing spans costs the same whether
 * the real OTLP exporter talks to a healthy collector or to one that never answers.
 */
class ProducerIsolationTest {

  static final int SPANS = 20_000;

  /** The fastest of a few rounds of {@link #SPANS} finishes, in nanoseconds per span. */
  static double bestNanosPerFinish(RingtraceTracer tracer) {
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < SPANS; i++) {
        tracer.buildSpan("op").withTag("i", i).start().finish();
      }
      best = Math.min(best, (System.nanoTime() - start) / (double) SPANS);
    }
    return best;
  }

  static RingtraceTracer tracer(TestCollector collector) {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .endpoint(collector.url("/v1/traces"))
            .timeout(Duration.ofSeconds(2))
            .build();
    return Ringtrace.builder("isolated").exporter(exporter).closeTimeout(Duration.ofSeconds(1)).build();
  }

  @Test
  void finish_costsTheSameWithTheCollectorHung_andEverySpanIsAccountedFor() throws Exception {
    double healthy;
    try (TestCollector collector = TestCollector.start()) {
      RingtraceTracer tracer = tracer(collector);
      healthy = bestNanosPerFinish(tracer);
      tracer.close();
    }
    double hung;
    ReporterMetrics m;
    try (TestCollector collector = TestCollector.start()) {
      collector.otherwise(collector.hang());
      RingtraceTracer tracer = tracer(collector);
      long start = System.nanoTime();
      hung = bestNanosPerFinish(tracer);
      long producerMillis = (System.nanoTime() - start) / 1_000_000;
      m = tracer.metrics();
      assertThat(tracer.close(Duration.ofSeconds(1))).isFalse(); // the hung export cannot finish
      // No finish() waited for the collector: 100,000 spans took far less than one export
      // timeout (2 s) per batch would have.
      assertThat(producerMillis).isLessThan(Duration.ofSeconds(10).toMillis());
    }

    // Same order of magnitude (a scheduling hiccup on a shared machine stays well inside 10x).
    assertThat(hung).isLessThan(healthy * 10);
    // With the collector hung, the ring filled and the rest was dropped, counted, never waited for.
    assertThat(m.spansFinished()).isEqualTo(5L * SPANS);
    assertThat(m.droppedQueueFull()).isPositive();
    assertThat(m.spansExported() + m.droppedTotal() + m.queued() + m.inFlight())
        .isEqualTo(m.spansFinished());
  }
}
