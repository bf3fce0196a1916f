/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.Span;
import io.ringtrace.core.report.InMemorySpanExporter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanLifecycleTest {

  static final long T0 = 1_700_000_000_000_000_000L;

  final TestClock clock = new TestClock(T0);
  final InMemorySpanExporter memory = InMemorySpanExporter.create();
  final RingtraceTracer tracer = Ringtrace.builder("svc").exporter(memory).clock(clock).build();

  @AfterEach
  void close() {
    tracer.close();
  }

  List<FinishedSpan> finished() {
    assertThat(tracer.flush(Duration.ofSeconds(5))).isTrue();
    return memory.finishedSpans();
  }

  @Test
  void finish_recordsStartAndEndFromTheClock() {
    Span span = tracer.buildSpan("op").start();
    clock.advanceNanos(1_234);
    span.finish();

    FinishedSpan f = finished().get(0);
    assertThat(f.operationName()).isEqualTo("op");
    assertThat(f.startEpochNanos()).isEqualTo(T0);
    assertThat(f.endEpochNanos()).isEqualTo(T0 + 1_234);
    assertThat(f.resource().serviceName()).isEqualTo("svc");
    assertThat(f.sampled()).isTrue();
  }

  @Test
  void finish_calledTwice_reportsOnce() {
    Span span = tracer.buildSpan("op").start();
    span.finish();
    clock.advanceNanos(5_000);
    span.finish();
    span.finish(1L);

    List<FinishedSpan> spans = finished();
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).endEpochNanos()).isEqualTo(T0);
  }

  @Test
  void explicitTimestamps_areMicrosecondsSinceTheEpoch() {
    Span span = tracer.buildSpan("op").withStartTimestamp(1_000_000L).start();
    span.finish(3_500_000L);

    FinishedSpan f = finished().get(0);
    assertThat(f.startEpochNanos()).isEqualTo(1_000_000_000L);
    assertThat(f.endEpochNanos()).isEqualTo(3_500_000_000L);
  }

  @Test
  void finishBeforeStart_givesZeroDuration() {
    Span span = tracer.buildSpan("op").withStartTimestamp(5_000_000L).start();
    span.finish(4_000_000L);

    FinishedSpan f = finished().get(0);
    assertThat(f.endEpochNanos()).isEqualTo(f.startEpochNanos());
  }

  @Test
  void systemClock_givesSubMicrosecondMonotonicDurations() {
    RingtraceTracer real = Ringtrace.builder("svc").exporter(memory).build();
    for (int i = 0; i < 100; i++) real.buildSpan("op").start().finish();
    real.flush(Duration.ofSeconds(5));
    for (FinishedSpan f : memory.finishedSpans()) {
      assertThat(f.endEpochNanos()).isGreaterThanOrEqualTo(f.startEpochNanos());
      // nanosecond resolution: not every timestamp is a whole microsecond
    }
    assertThat(memory.finishedSpans())
        .anySatisfy(f -> assertThat(f.endEpochNanos() % 1000).isNotZero());
    real.close();
  }

  @Test
  void setOperationName_beforeFinish_renames_afterFinish_isIgnored() {
    Span span = tracer.buildSpan("first").start();
    span.setOperationName("second");
    span.finish();
    span.setOperationName("third");

    assertThat(finished().get(0).operationName()).isEqualTo("second");
  }

  @Test
  void mutationsAfterFinish_areIgnored() {
    Span span = tracer.buildSpan("op").withTag("a", "1").start();
    span.finish();
    span.setTag("b", "2").log("late").setBaggageItem("k", "v");

    FinishedSpan f = finished().get(0);
    assertThat(f.tags()).containsOnlyKeys("a");
    assertThat(f.logs()).isEmpty();
    assertThat(f.baggage()).isEmpty();
  }

  @Test
  void ids_areNonZeroLowerHexOfTheRightLength_andUnique() {
    Set<String> spanIds = new HashSet<>();
    Set<String> traceIds = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      RingtraceSpanContext ctx = (RingtraceSpanContext) tracer.buildSpan("op").start().context();
      assertThat(ctx.toTraceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
      assertThat(ctx.toSpanId()).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
      assertThat(ctx.spanId()).isNotZero();
      spanIds.add(ctx.toSpanId());
      traceIds.add(ctx.toTraceId());
    }
    assertThat(spanIds).hasSize(10_000);
    assertThat(traceIds).hasSize(10_000);
  }

  @Test
  void finishedSpan_exposesIdsAsHexAndAsNumbers() {
    Span parent = tracer.buildSpan("parent").start();
    Span child = tracer.buildSpan("child").asChildOf(parent).start();
    child.finish();
    parent.finish();

    FinishedSpan c = finished().get(0);
    RingtraceSpanContext pc = (RingtraceSpanContext) parent.context();
    assertThat(c.traceId()).isEqualTo(pc.toTraceId());
    assertThat(c.traceIdHigh()).isEqualTo(pc.traceIdHigh());
    assertThat(c.traceIdLow()).isEqualTo(pc.traceIdLow());
    assertThat(c.parentSpanId()).isEqualTo(pc.toSpanId());
    assertThat(c.parentSpanIdAsLong()).isEqualTo(pc.spanId());
    assertThat(c.spanId()).isEqualTo(((RingtraceSpanContext) child.context()).toSpanId());
    assertThat(finished().get(1).parentSpanId()).isNull();
  }

  @Test
  void unsampledSpan_recordsNothing_butPropagates() {
    RingtraceTracer off =
        Ringtrace.builder("svc")
            .sampler(io.ringtrace.core.sampler.Sampler.alwaysOff())
            .exporter(memory)
            .build();
    Span span = off.buildSpan("op").withTag("a", "b").start();
    span.setTag("c", "d").log("event").setBaggageItem("user", "42");
    Span child = off.buildSpan("child").asChildOf(span).start();
    child.finish();
    span.finish();
    off.flush(Duration.ofSeconds(5));

    assertThat(memory.finishedSpans()).isEmpty();
    RingtraceSpanContext ctx = (RingtraceSpanContext) child.context();
    assertThat(ctx.isSampled()).isFalse();
    assertThat(ctx.toTraceId()).isEqualTo(span.context().toTraceId());
    assertThat(child.getBaggageItem("user")).isEqualTo("42");
    assertThat(off.metrics().spansFinished()).isZero();
    off.close();
  }

  @Test
  void close_thenFinish_countsTheSpanAsDroppedAtShutdown() {
    Span span = tracer.buildSpan("op").start();
    tracer.close();
    span.finish();

    assertThat(tracer.metrics().droppedShutdown()).isEqualTo(1);
    assertThat(memory.finishedSpans()).isEmpty();
    assertThat(memory.isShutdown()).isTrue();
  }
}
