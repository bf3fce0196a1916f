/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import static io.ringtrace.core.report.TestExporters.assertBalanced;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.TestExporters.HungExporter;
import io.ringtrace.core.report.TestExporters.SleepingExporter;
import io.ringtrace.core.report.TestExporters.ThrowingExporter;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The application thread must not notice the exporter. No absolute times here (speed lives in
 * JMH): the producer's cost per {@code finish()} with a misbehaving exporter is compared with its
 * cost, measured alongside, with a healthy one.
 */
class ProducerIsolationTest {

  private static final int ROUNDS = 7;
  private static final int SPANS_PER_ROUND = 20_000;

  enum Misbehaviour {
    SLEEPS,
    THROWS,
    HANGS
  }

  @ParameterizedTest
  @EnumSource(Misbehaviour.class)
  void finish_withAMisbehavingExporter_costsTheSameOrderOfTimeAsWithAHealthyOne(Misbehaviour m) {
    HungExporter hung = new HungExporter();
    SpanExporter bad =
        m == Misbehaviour.SLEEPS
            ? new SleepingExporter(20)
            : m == Misbehaviour.THROWS ? new ThrowingExporter() : hung;
    RingtraceTracer healthy = Ringtrace.builder("healthy").build(); // discards, quickly
    RingtraceTracer misbehaving = Ringtrace.builder("misbehaving").exporter(bad).build();
    try {
      long healthyBest = Long.MAX_VALUE;
      long misbehavingBest = Long.MAX_VALUE;
      for (int round = 0; round < ROUNDS; round++) { // interleaved: both see the same machine
        healthyBest = Math.min(healthyBest, nanosPerFinish(healthy));
        misbehavingBest = Math.min(misbehavingBest, nanosPerFinish(misbehaving));
      }

      assertThat(misbehaving.metrics().droppedTotal()).as("the exporter did misbehave").isPositive();
      assertThat(misbehavingBest)
          .as("ns per finish: %s exporter vs healthy (%d ns)", m, healthyBest)
          .isLessThan(10 * Math.max(healthyBest, 1));
    } finally {
      hung.release();
      healthy.close();
      misbehaving.close(Duration.ofSeconds(5));
      assertBalanced(healthy.metrics());
      assertBalanced(misbehaving.metrics());
    }
  }

  private static long nanosPerFinish(RingtraceTracer tracer) {
    long start = System.nanoTime();
    for (int i = 0; i < SPANS_PER_ROUND; i++) {
      tracer.buildSpan("op").start().finish();
    }
    return (System.nanoTime() - start) / SPANS_PER_ROUND;
  }
}
