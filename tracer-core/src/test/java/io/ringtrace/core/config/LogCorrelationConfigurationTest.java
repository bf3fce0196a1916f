/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.ringtrace.core.RingtraceTracer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** {@code RINGTRACE_LOG_CORRELATION}, checked by what the MDC holds while a span is active. */
class LogCorrelationConfigurationTest {

  final Map<String, String> env = new HashMap<>();
  final Map<String, String> props = new HashMap<>();
  final List<RingtraceTracer> tracers = new ArrayList<>();
  EnvironmentConfiguration config;

  @BeforeEach
  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @AfterEach
  void close() {
    tracers.forEach(RingtraceTracer::close);
  }

  RingtraceTracer tracer() {
    env.putIfAbsent("OTEL_TRACES_EXPORTER", "none");
    config = new EnvironmentConfiguration(ConfigSource.of(env, props), List::of);
    RingtraceTracer t = config.configure().build();
    tracers.add(t);
    return t;
  }

  /** The MDC while a new span of {@code tracer} is active. */
  static Map<String, String> mdcInside(RingtraceTracer tracer, Span span) {
    try (Scope scope = tracer.activateSpan(span)) {
      Map<String, String> copy = MDC.getCopyOfContextMap();
      return copy == null ? Map.of() : copy;
    }
  }

  @Test
  void unset_leavesTheMdcAlone() {
    RingtraceTracer tracer = tracer();
    assertThat(mdcInside(tracer, tracer.buildSpan("op").start())).isEmpty();
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void jaeger_putsTraceIdSpanIdAndSampled() {
    env.put("RINGTRACE_LOG_CORRELATION", "jaeger");
    RingtraceTracer tracer = tracer();
    Span span = tracer.buildSpan("op").start();

    assertThat(mdcInside(tracer, span))
        .containsOnlyKeys("traceId", "spanId", "sampled")
        .containsEntry("traceId", span.context().toTraceId())
        .containsEntry("spanId", span.context().toSpanId())
        .containsEntry("sampled", "true");
  }

  @Test
  void otel_putsTraceIdSpanIdAndTraceFlags() {
    env.put("RINGTRACE_LOG_CORRELATION", "otel");
    RingtraceTracer tracer = tracer();
    Span span = tracer.buildSpan("op").start();

    assertThat(mdcInside(tracer, span))
        .containsOnlyKeys("trace_id", "span_id", "trace_flags")
        .containsEntry("trace_id", span.context().toTraceId())
        .containsEntry("trace_flags", "03"); // sampled, and a random id of ours
  }

  @Test
  void brave_putsTraceIdAndSpanId() {
    env.put("RINGTRACE_LOG_CORRELATION", "brave");
    RingtraceTracer tracer = tracer();
    assertThat(mdcInside(tracer, tracer.buildSpan("op").start()))
        .containsOnlyKeys("traceId", "spanId");
  }

  @Test
  void theSystemProperty_winsOverTheEnvironmentVariable() {
    env.put("RINGTRACE_LOG_CORRELATION", "jaeger");
    props.put("ringtrace.log.correlation", "otel");
    RingtraceTracer tracer = tracer();
    assertThat(mdcInside(tracer, tracer.buildSpan("op").start())).containsKey("trace_id");
  }

  @Test
  void anInvalidValue_isNamedInAProblem_andNothingIsPutInTheMdc() {
    env.put("RINGTRACE_LOG_CORRELATION", "log4j");
    RingtraceTracer tracer = tracer();

    assertThat(mdcInside(tracer, tracer.buildSpan("op").start())).isEmpty();
    assertThat(config.problems())
        .singleElement()
        .asString()
        .contains("RINGTRACE_LOG_CORRELATION='log4j'")
        .contains("none, jaeger, otel or brave");
  }
}
