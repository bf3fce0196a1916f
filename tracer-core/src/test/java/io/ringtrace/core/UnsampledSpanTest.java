/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.Span;
import io.opentracing.tag.Tags;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.core.sampler.Sampler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A span not sampled at start: what it keeps, and what it becomes when sampling is turned on. */
class UnsampledSpanTest {

  private final InMemorySpanExporter memory = InMemorySpanExporter.create();
  private final RingtraceTracer tracer =
      Ringtrace.builder("checkout").sampler(Sampler.alwaysOff()).exporter(memory).build();

  @AfterEach
  void close() {
    tracer.close();
  }

  private List<FinishedSpan> exported() {
    assertThat(tracer.flush(Duration.ofSeconds(5))).isTrue();
    return memory.finishedSpans();
  }

  @Test
  void baggage_isCarriedToChildrenAndKeptWhenSamplingIsTurnedOn() {
    Span span = tracer.buildSpan("op").start();
    span.setBaggageItem("tenant", "acme");

    Span child = tracer.buildSpan("child").asChildOf(span).start();
    Tags.SAMPLING_PRIORITY.set(span, 1);

    assertThat(child.getBaggageItem("tenant")).isEqualTo("acme");
    assertThat(span.getBaggageItem("tenant")).isEqualTo("acme");
    assertThat(((RingtraceSpanContext) span.context()).isSampled()).isTrue();
  }

  @Test
  void turnedOn_recordsTheNameSetBefore_andTheLogsAfter() {
    Span span = tracer.buildSpan("op").start();
    span.setOperationName("renamed");
    span.log("lost");
    Tags.SAMPLING_PRIORITY.set(span, 1);
    span.log("kept");
    span.finish();

    List<FinishedSpan> spans = exported();
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).operationName()).isEqualTo("renamed");
    assertThat(spans.get(0).logs()).hasSize(1);
  }

  @Test
  void turnedOnTwice_isOneSpan() {
    Span span = tracer.buildSpan("op").start();
    Tags.SAMPLING_PRIORITY.set(span, 1);
    Tags.SAMPLING_PRIORITY.set(span, 2);
    span.finish();
    span.finish();

    assertThat(exported()).hasSize(1);
  }

  @Test
  void priorityZero_leavesItUnsampledAndUnreported() {
    Span span = tracer.buildSpan("op").start();
    Tags.SAMPLING_PRIORITY.set(span, 0);
    span.finish();

    assertThat(exported()).isEmpty();
    assertThat(((RingtraceSpanContext) span.context()).isSampled()).isFalse();
  }

  @Test
  void finished_thenTurnedOn_staysUnreportedAndUnsampled() {
    Span span = tracer.buildSpan("op").start();
    span.finish();
    Tags.SAMPLING_PRIORITY.set(span, 1);
    span.setBaggageItem("late", "ignored");

    assertThat(exported()).isEmpty();
    assertThat(((RingtraceSpanContext) span.context()).isSampled()).isFalse();
    assertThat(span.getBaggageItem("late")).isNull();
  }

  @Test
  void turnedOn_thenFinishedWithATimestamp_endsThen() {
    Span span = tracer.buildSpan("op").start();
    Tags.SAMPLING_PRIORITY.set(span, 1);
    long endMicros = tracer.clock.epochNanos() / 1000 + 5_000_000; // 5 s after the turn-on
    span.finish(endMicros);

    List<FinishedSpan> spans = exported();
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).endEpochNanos()).isEqualTo(endMicros * 1000);
  }

  @Test
  void baggageSetWhileAnotherThreadTurnsSamplingOn_isNeverLost() throws Exception {
    for (int round = 0; round < 2_000; round++) {
      Span span = tracer.buildSpan("op").start();
      CyclicBarrier start = new CyclicBarrier(2);
      Thread turnOn =
          new Thread(
              () -> {
                await(start);
                Tags.SAMPLING_PRIORITY.set(span, 1);
              });
      turnOn.start();
      await(start);
      span.setBaggageItem("k", "v" + round);
      turnOn.join();

      assertThat(span.getBaggageItem("k")).as("round %d", round).isEqualTo("v" + round);
      assertThat(((RingtraceSpanContext) span.context()).isSampled()).isTrue();
      span.finish();
    }
    assertThat(exported()).hasSize(2_000);
  }

  @Test
  void finishRacingTurnOn_reportsEachSpanAtMostOnce_andAccountsForIt() throws Exception {
    int rounds = 2_000;
    for (int round = 0; round < rounds; round++) {
      Span span = tracer.buildSpan("op").start();
      CyclicBarrier start = new CyclicBarrier(2);
      Thread turnOn =
          new Thread(
              () -> {
                await(start);
                Tags.SAMPLING_PRIORITY.set(span, 1);
                span.finish();
              });
      turnOn.start();
      await(start);
      span.finish();
      turnOn.join();
    }
    List<FinishedSpan> spans = exported();
    assertThat(spans.size()).isBetween(0, rounds);
    assertThat(spans.stream().map(FinishedSpan::spanId).distinct().count()).isEqualTo(spans.size());
    assertThat(tracer.metrics().spansExported()).isEqualTo(spans.size());
    assertThat(tracer.metrics().spansFinished()).isEqualTo(spans.size());
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
