/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.Span;
import io.ringtrace.core.internal.Clock;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.core.sampler.Sampler;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spans over a clock that re-anchors: timestamps follow the wall clock's corrections, durations
 * stay elapsed nanoTime.
 */
class SpanClockTest {

  static final long T0 = 1_700_000_000_000_000_000L;
  static final long INTERVAL = TimeUnit.SECONDS.toNanos(1);

  final AtomicLong wall = new AtomicLong(T0);
  final AtomicLong ticks = new AtomicLong(5_000L);
  final InMemorySpanExporter memory = InMemorySpanExporter.create();
  final RingtraceTracer tracer =
      Ringtrace.builder("svc")
          .sampler(Sampler.alwaysOn())
          .exporter(memory)
          .clock(Clock.reanchoring(wall::get, ticks::get, INTERVAL))
          .build();

  @AfterEach
  void close() {
    tracer.close();
  }

  void elapse(long nanos, long wallStep) {
    ticks.addAndGet(nanos);
    wall.addAndGet(nanos + wallStep);
  }

  List<FinishedSpan> finished() {
    assertThat(tracer.flush(Duration.ofSeconds(10))).isTrue();
    return memory.finishedSpans();
  }

  @Test
  void aSpanAcrossAReanchor_keepsItsElapsedNanoTimeAsDuration_evenWhenTheWallClockStepsBack() {
    Span span = tracer.buildSpan("long").start();
    elapse(INTERVAL, -5_000_000_000L); // NTP stepped back 5 s
    tracer.buildSpan("other").start().finish(); // the tracer's clock re-anchors here
    elapse(3_000, 0);
    span.finish();

    FinishedSpan f = finished().stream().filter(s -> s.operationName().equals("long")).findFirst().get();
    assertThat(f.endEpochNanos() - f.startEpochNanos()).isEqualTo(INTERVAL + 3_000);
  }

  @Test
  void aSpanStartedAfterACorrection_startsAtTheCorrectedWallTime() {
    elapse(INTERVAL, 40_000_000L); // the host clock fell 40 ms behind NTP
    tracer.buildSpan("later").start().finish();

    assertThat(finished().get(0).startEpochNanos()).isEqualTo(wall.get());
  }

  @Test
  void logs_takeTheirTimestampsFromTheSpansAnchor_andStayInsideTheSpan() {
    Span span = tracer.buildSpan("logged").start();
    elapse(INTERVAL, -1_000_000L);
    tracer.buildSpan("other").start().finish(); // re-anchor
    elapse(10, 0);
    span.log(Collections.singletonMap("event", "late"));
    elapse(10, 0);
    span.finish();

    FinishedSpan f =
        finished().stream().filter(s -> s.operationName().equals("logged")).findFirst().get();
    assertThat(f.logs().get(0).timestampEpochNanos())
        .isEqualTo(f.startEpochNanos() + INTERVAL + 10)
        .isLessThanOrEqualTo(f.endEpochNanos());
  }
}
