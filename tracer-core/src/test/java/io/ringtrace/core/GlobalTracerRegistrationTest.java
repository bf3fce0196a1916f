/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.util.GlobalTracer;
import io.opentracing.util.GlobalTracerTestUtil;
import io.ringtrace.core.report.InMemorySpanExporter;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GlobalTracerRegistrationTest {

  @AfterEach
  void reset() {
    GlobalTracerTestUtil.resetGlobalTracer();
  }

  @Test
  void registerIfAbsent_makesInstrumentationThroughGlobalTracerReachOurExporter() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = Ringtrace.builder("svc").exporter(memory).build();

    assertThat(GlobalTracer.registerIfAbsent(tracer)).isTrue();
    assertThat(GlobalTracer.isRegistered()).isTrue();
    assertThat(GlobalTracer.registerIfAbsent(Ringtrace.builder("other").build())).isFalse();

    Span span = GlobalTracer.get().buildSpan("handler").start();
    try (Scope ignored = GlobalTracer.get().activateSpan(span)) {
      GlobalTracer.get().buildSpan("db").start().finish();
    } finally {
      span.finish();
    }
    tracer.flush(Duration.ofSeconds(5));
    assertThat(memory.finishedSpans()).extracting(FinishedSpan::operationName).containsExactly("db", "handler");
    assertThat(memory.finishedSpans().get(0).parentSpanId()).isEqualTo(memory.finishedSpans().get(1).spanId());
    tracer.close();
  }
}
