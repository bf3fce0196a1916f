/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.noop.NoopSpan;
import io.opentracing.util.ThreadLocalScopeManager;
import io.ringtrace.core.sampler.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/** The MDC while spans are active, as a logback pattern prints it. */
class LogCorrelationTest {

  final List<RingtraceTracer> tracers = new ArrayList<>();
  final LogCapture jaegerLog = new LogCapture("%X{traceId}|%X{spanId}|%X{sampled}|%msg");

  @BeforeEach
  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @AfterEach
  void close() {
    tracers.forEach(RingtraceTracer::close);
    jaegerLog.close();
  }

  RingtraceTracer tracer(LogCorrelation correlation) {
    RingtraceTracer t = Ringtrace.builder("svc").logCorrelation(correlation).build();
    tracers.add(t);
    return t;
  }

  static String ids(Span span, String sampled) {
    return span.context().toTraceId() + "|" + span.context().toSpanId() + "|" + sampled;
  }

  @Test
  void jaeger_aLineLoggedInsideTheScope_carriesTraceIdSpanIdAndSampled() {
    RingtraceTracer tracer = tracer(LogCorrelation.jaeger());
    Span span = tracer.buildSpan("GET /home").start();

    String line;
    try (Scope scope = tracer.activateSpan(span)) {
      line = jaegerLog.line("handling");
    }

    assertThat(line).matches("[0-9a-f]{32}\\|[0-9a-f]{16}\\|true\\|handling\\R?");
    assertThat(line).startsWith(ids(span, "true") + "|handling");
  }

  @Test
  void jaeger_anUnsampledSpan_isLoggedWithSampledFalse() {
    RingtraceTracer tracer =
        Ringtrace.builder("svc")
            .sampler(Sampler.alwaysOff())
            .logCorrelation(LogCorrelation.jaeger())
            .build();
    tracers.add(tracer);
    Span span = tracer.buildSpan("GET /home").start();

    try (Scope scope = tracer.activateSpan(span)) {
      assertThat(jaegerLog.line("handling")).startsWith(ids(span, "false") + "|handling");
    }
  }

  @Test
  void otel_writesTraceIdSpanIdAndTheTraceFlagsAsTwoHexDigits() {
    RingtraceTracer tracer = tracer(LogCorrelation.otel());
    Span span = tracer.buildSpan("GET /home").start();
    try (LogCapture log = new LogCapture("%X{trace_id} %X{span_id} %X{trace_flags} %X{traceId}");
        Scope scope = tracer.activateSpan(span)) {
      assertThat(log.line("x"))
          .startsWith(span.context().toTraceId() + " " + span.context().toSpanId() + " 03 "); // sampled, random
    }
  }

  @Test
  void otel_anUnsampledSpan_hasTraceFlags02() {
    RingtraceTracer tracer =
        Ringtrace.builder("svc")
            .sampler(Sampler.alwaysOff())
            .logCorrelation(LogCorrelation.otel())
            .build();
    tracers.add(tracer);
    try (Scope scope = tracer.activateSpan(tracer.buildSpan("GET /home").start())) {
      assertThat(MDC.get("trace_flags")).isEqualTo("02"); // not sampled, random
    }
  }

  @Test
  void brave_writesTraceIdAndSpanId_andNoSampledKey() {
    RingtraceTracer tracer = tracer(LogCorrelation.brave());
    Span span = tracer.buildSpan("GET /home").start();
    try (Scope scope = tracer.activateSpan(span)) {
      assertThat(jaegerLog.line("handling")).isEqualToIgnoringNewLines(ids(span, "") + "|handling");
    }
  }

  @Test
  void customKeys_writeUnderTheGivenNames() {
    RingtraceTracer tracer = tracer(LogCorrelation.keys("tid", "sid", "smp"));
    Span span = tracer.buildSpan("GET /home").start();
    try (LogCapture log = new LogCapture("%X{tid}/%X{sid}/%X{smp}");
        Scope scope = tracer.activateSpan(span)) {
      assertThat(log.line("x"))
          .isEqualToIgnoringNewLines(
              span.context().toTraceId() + "/" + span.context().toSpanId() + "/true");
    }
  }

  @Test
  void customKeysWithoutASampledKey_writeOnlyTheIds() {
    RingtraceTracer tracer = tracer(LogCorrelation.keys("tid", "sid", null));
    try (Scope scope = tracer.activateSpan(tracer.buildSpan("GET /home").start())) {
      assertThat(MDC.getCopyOfContextMap()).containsOnlyKeys("tid", "sid");
    }
  }

  @Test
  void closingTheScope_removesTheIds_whenTheMdcHeldNothingBefore() {
    RingtraceTracer tracer = tracer(LogCorrelation.jaeger());
    tracer.activateSpan(tracer.buildSpan("GET /home").start()).close();

    assertThat(jaegerLog.line("after")).isEqualToIgnoringNewLines("|||after");
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void closingAnInnerScope_restoresTheOuterSpansIds() {
    RingtraceTracer tracer = tracer(LogCorrelation.jaeger());
    Span outer = tracer.buildSpan("outer").start();
    Span inner = tracer.buildSpan("inner").asChildOf(outer).start();
    try (Scope a = tracer.activateSpan(outer)) {
      try (Scope b = tracer.activateSpan(inner)) {
        assertThat(jaegerLog.line("in")).startsWith(ids(inner, "true"));
      }
      assertThat(jaegerLog.line("out")).startsWith(ids(outer, "true"));
    }
  }

  @Test
  void closingOutOfOrder_leavesTheInnerIds_untilTheInnerScopeCloses_thenWhatWasBefore() {
    RingtraceTracer tracer = tracer(LogCorrelation.jaeger());
    MDC.put("traceId", "app-value");
    Span outer = tracer.buildSpan("outer").start();
    Span inner = tracer.buildSpan("inner").start();
    Scope a = tracer.activateSpan(outer);
    Scope b = tracer.activateSpan(inner);

    a.close();
    assertThat(MDC.get("spanId")).isEqualTo(inner.context().toSpanId());
    b.close();

    assertThat(MDC.getCopyOfContextMap()).containsOnly(entry("traceId", "app-value"));
  }

  @Test
  void valuesTheApplicationPutUnderTheSameKeys_areBackAfterTheScope() {
    RingtraceTracer tracer = tracer(LogCorrelation.jaeger());
    MDC.put("traceId", "t-app");
    MDC.put("spanId", "s-app");
    MDC.put("sampled", "maybe");
    Span span = tracer.buildSpan("GET /home").start();

    try (Scope scope = tracer.activateSpan(span)) {
      assertThat(jaegerLog.line("in")).startsWith(ids(span, "true"));
    }

    assertThat(jaegerLog.line("after")).isEqualToIgnoringNewLines("t-app|s-app|maybe|after");
  }

  @Test
  void aValueTheApplicationPutInsideTheScope_givesWayToWhatWasBefore() {
    RingtraceTracer tracer = tracer(LogCorrelation.jaeger());
    MDC.put("traceId", "before");
    try (Scope scope = tracer.activateSpan(tracer.buildSpan("GET /home").start())) {
      MDC.put("traceId", "inside");
    }
    assertThat(MDC.get("traceId")).isEqualTo("before");
  }

  @Test
  void otherMdcKeys_areLeftAlone() {
    RingtraceTracer tracer = tracer(LogCorrelation.jaeger());
    MDC.put("user", "alice");
    try (Scope scope = tracer.activateSpan(tracer.buildSpan("GET /home").start())) {
      MDC.put("request", "r1");
    }
    assertThat(MDC.getCopyOfContextMap())
        .containsOnly(
            entry("user", "alice"),
            entry("request", "r1"));
  }

  @Test
  void closingAScopeTwice_restoresOnlyOnce() {
    RingtraceTracer tracer = tracer(LogCorrelation.jaeger());
    Span outer = tracer.buildSpan("outer").start();
    Scope a = tracer.activateSpan(outer);
    Scope b = tracer.activateSpan(tracer.buildSpan("inner").start());
    b.close();
    b.close();

    assertThat(MDC.get("spanId")).isEqualTo(outer.context().toSpanId());
    a.close();
  }

  @Test
  void activatingNull_removesTheIdsWhileItsScopeIsOpen() {
    RingtraceTracer tracer = tracer(LogCorrelation.jaeger());
    Span span = tracer.buildSpan("GET /home").start();
    try (Scope a = tracer.activateSpan(span)) {
      try (Scope none = tracer.scopeManager().activate(null)) {
        assertThat(jaegerLog.line("none")).isEqualToIgnoringNewLines("|||none");
      }
      assertThat(MDC.get("spanId")).isEqualTo(span.context().toSpanId());
    }
  }

  @Test
  void aSpanWithoutIds_leavesTheKeysOut() {
    RingtraceTracer tracer = tracer(LogCorrelation.jaeger());
    try (Scope scope = tracer.scopeManager().activate(NoopSpan.INSTANCE)) {
      assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
  }

  @Test
  void activatingTheActiveSpanAgain_keepsItsIds_afterTheInnerClose() {
    RingtraceTracer tracer = tracer(LogCorrelation.jaeger());
    Span span = tracer.buildSpan("GET /home").start();
    try (Scope a = tracer.activateSpan(span)) {
      tracer.activateSpan(span).close();
      assertThat(jaegerLog.line("x")).startsWith(ids(span, "true"));
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aScopeClosedOnAnotherThread_isRestoredAtTheNextActivationOnItsThread() throws Exception {
    RingtraceTracer tracer = tracer(LogCorrelation.jaeger());
    MDC.put("traceId", "app-value");
    Scope scope = tracer.activateSpan(tracer.buildSpan("async").start());
    CompletableFuture.runAsync(scope::close).get(5, TimeUnit.SECONDS);
    Span next = tracer.buildSpan("next").start();

    try (Scope again = tracer.activateSpan(next)) {
      assertThat(MDC.get("spanId")).isEqualTo(next.context().toSpanId());
    }

    assertThat(MDC.getCopyOfContextMap())
        .containsOnly(entry("traceId", "app-value"));
  }

  @Test
  void aCustomScopeManager_isDecorated_andStillTracksTheActiveSpan() {
    ScopeManager custom = new ThreadLocalScopeManager();
    RingtraceTracer tracer =
        Ringtrace.builder("svc")
            .scopeManager(custom)
            .logCorrelation(LogCorrelation.jaeger())
            .build();
    tracers.add(tracer);
    Span span = tracer.buildSpan("GET /home").start();

    try (Scope scope = tracer.activateSpan(span)) {
      assertThat(custom.activeSpan()).isSameAs(span);
      assertThat(tracer.activeSpan()).isSameAs(span);
      assertThat(jaegerLog.line("x")).startsWith(ids(span, "true"));
    }
    assertThat(custom.activeSpan()).isNull();
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void childSpans_startedInsideTheScope_stillFindTheirParent() {
    RingtraceTracer tracer = tracer(LogCorrelation.jaeger());
    Span parent = tracer.buildSpan("parent").start();
    try (Scope scope = tracer.activateSpan(parent)) {
      Span child = tracer.buildSpan("child").start();
      assertThat(((RingtraceSpanContext) child.context()).parentSpanId())
          .isEqualTo(((RingtraceSpanContext) parent.context()).spanId());
    }
  }

  @Test
  void none_usesTheScopeManagerAsItIs_andLeavesTheMdcAlone() {
    ScopeManager custom = new ThreadLocalScopeManager();
    RingtraceTracer tracer =
        Ringtrace.builder("svc").scopeManager(custom).logCorrelation(LogCorrelation.none()).build();
    tracers.add(tracer);

    try (Scope scope = tracer.activateSpan(tracer.buildSpan("GET /home").start())) {
      assertThat(tracer.scopeManager()).isSameAs(custom);
      assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
  }

  @Test
  void byDefault_theMdcIsLeftAlone() {
    RingtraceTracer tracer = Ringtrace.builder("svc").build();
    tracers.add(tracer);
    try (Scope scope = tracer.activateSpan(tracer.buildSpan("GET /home").start())) {
      assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
  }

  @Test
  void presets_areFoundByName_inAnyCase() {
    assertThat(LogCorrelation.byName("JAEGER")).isEqualTo(LogCorrelation.jaeger());
    assertThat(LogCorrelation.byName(" otel ")).isEqualTo(LogCorrelation.otel());
    assertThat(LogCorrelation.byName("brave")).isEqualTo(LogCorrelation.brave());
    assertThat(LogCorrelation.byName("none")).isEqualTo(LogCorrelation.none());
    assertThat(LogCorrelation.byName("loud")).isNull();
  }

  @Test
  void keys_refuseAMissingEmptyOrRepeatedName() {
    assertThatThrownBy(() -> LogCorrelation.keys(null, "s", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("traceIdKey");
    assertThatThrownBy(() -> LogCorrelation.keys("t", " ", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spanIdKey");
    assertThatThrownBy(() -> LogCorrelation.keys("t", "s", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'t'");
  }

  @Test
  void logCorrelation_refusesNull() {
    assertThatThrownBy(() -> Ringtrace.builder("svc").logCorrelation(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("logCorrelation");
  }
}
