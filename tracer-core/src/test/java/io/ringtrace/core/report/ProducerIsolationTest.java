/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import static io.ringtrace.core.report.TestExporters.assertAccountedFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.TestExporters.HungExporter;
import io.ringtrace.core.report.TestExporters.SleepingExporter;
import io.ringtrace.core.report.TestExporters.ThrowingExporter;
import io.ringtrace.core.sampler.Sampler;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The application thread must not notice the exporter: with one that sleeps, throws or hangs,
 * finishing spans never waits for it (the test would hit its timeout), the spans that do not fit
 * are dropped and counted, and every span the test finished is accounted for. How much a finish
 * costs in each case is measured in JMH ({@code SpanFinishBenchmark}), not here.
 */
class ProducerIsolationTest {

  /** Far more than the ring holds: with an exporter that does not keep up, spans must drop. */
  private static final int SPANS = 200_000;

  enum Misbehaviour {
    SLEEPS,
    THROWS,
    HANGS
  }

  @ParameterizedTest
  @EnumSource(Misbehaviour.class)
  @Timeout(60)
  void finish_withAMisbehavingExporter_neverWaitsForIt_andEverySpanIsAccountedFor(Misbehaviour m) {
    HungExporter hung = new HungExporter();
    SpanExporter bad =
        m == Misbehaviour.SLEEPS
            ? new SleepingExporter(20)
            : m == Misbehaviour.THROWS ? new ThrowingExporter() : hung;
    RingtraceTracer tracer =
        Ringtrace.builder("misbehaving").sampler(Sampler.alwaysOn()).exporter(bad).build();
    long finished = 0;
    ReporterMetrics during;
    try {
      for (int i = 0; i < SPANS; i++, finished++) tracer.buildSpan("op").start().finish();
      during = tracer.metrics();
    } finally {
      hung.release();
      tracer.close(Duration.ofSeconds(10));
    }

    assertThat(finished).isEqualTo(SPANS); // no finish() waited for the exporter
    assertThat(during.droppedTotal()).as("the exporter did misbehave").isPositive();
    assertAccountedFor(tracer.metrics(), finished);
  }
}
