/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.Scope;
import io.opentracing.Span;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScopeManagerTest {

  final RingtraceTracer tracer = Ringtrace.builder("svc").build();

  @AfterEach
  void close() {
    tracer.close();
  }

  @Test
  void activate_makesTheSpanActive_andCloseRestoresThePrevious() {
    Span outer = tracer.buildSpan("outer").start();
    Span inner = tracer.buildSpan("inner").start();
    assertThat(tracer.activeSpan()).isNull();
    try (Scope a = tracer.activateSpan(outer)) {
      assertThat(tracer.activeSpan()).isSameAs(outer);
      try (Scope b = tracer.activateSpan(inner)) {
        assertThat(tracer.activeSpan()).isSameAs(inner);
        assertThat(tracer.scopeManager().activeSpan()).isSameAs(inner);
      }
      assertThat(tracer.activeSpan()).isSameAs(outer);
    }
    assertThat(tracer.activeSpan()).isNull();
  }

  @Test
  void closingTwice_doesNotPopTheOuterScope() {
    Span outer = tracer.buildSpan("outer").start();
    Span inner = tracer.buildSpan("inner").start();
    Scope a = tracer.activateSpan(outer);
    Scope b = tracer.activateSpan(inner);
    b.close();
    b.close();
    assertThat(tracer.activeSpan()).isSameAs(outer);
    a.close();
    assertThat(tracer.activeSpan()).isNull();
  }

  @Test
  void closingOutOfOrder_leavesTheCurrentScopeInPlace() {
    Span outer = tracer.buildSpan("outer").start();
    Span inner = tracer.buildSpan("inner").start();
    Scope a = tracer.activateSpan(outer);
    Scope b = tracer.activateSpan(inner);
    a.close(); // not the current scope: nothing happens
    assertThat(tracer.activeSpan()).isSameAs(inner);
    b.close();
    assertThat(tracer.activeSpan()).isSameAs(outer);
  }

  @Test
  void activatingTheActiveSpanAgain_returnsAScopeThatChangesNothing() {
    Span span = tracer.buildSpan("op").start();
    try (Scope a = tracer.activateSpan(span)) {
      Scope again = tracer.activateSpan(span);
      again.close();
      assertThat(tracer.activeSpan()).isSameAs(span);
    }
    assertThat(tracer.activeSpan()).isNull();
  }

  @Test
  void activeSpan_isPerThread() throws Exception {
    Span span = tracer.buildSpan("op").start();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Scope ignored = tracer.activateSpan(span)) {
      Span seenElsewhere = CompletableFuture.supplyAsync(tracer::activeSpan, pool).get();
      assertThat(seenElsewhere).isNull();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSpanStartedOnOneThread_canBeActivatedAndFinishedOnAnother() throws Exception {
    io.ringtrace.core.report.InMemorySpanExporter memory =
        io.ringtrace.core.report.InMemorySpanExporter.create();
    RingtraceTracer t = Ringtrace.builder("svc").exporter(memory).build();
    Span parent = t.buildSpan("parent").start();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture.runAsync(
              () -> {
                try (Scope ignored = t.activateSpan(parent)) {
                  t.buildSpan("child").start().finish();
                }
                parent.finish();
              },
              pool)
          .get();
    } finally {
      pool.shutdownNow();
    }
    t.flush(java.time.Duration.ofSeconds(5));
    assertThat(memory.finishedSpans()).hasSize(2);
    assertThat(memory.finishedSpans().get(0).parentSpanId())
        .isEqualTo(((RingtraceSpanContext) parent.context()).toSpanId());
    t.close();
  }

  @Test
  void customScopeManager_isUsed() {
    io.opentracing.util.ThreadLocalScopeManager custom =
        new io.opentracing.util.ThreadLocalScopeManager();
    RingtraceTracer t = Ringtrace.builder("svc").scopeManager(custom).build();
    Span span = t.buildSpan("op").start();
    try (Scope ignored = t.activateSpan(span)) {
      assertThat(custom.activeSpan()).isSameAs(span);
    }
    t.close();
  }
}
