/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.opentracing.References;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.ringtrace.core.report.InMemorySpanExporter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReferencesTest {

  final InMemorySpanExporter memory = InMemorySpanExporter.create();
  final RingtraceTracer tracer = Ringtrace.builder("svc").exporter(memory).build();

  @AfterEach
  void close() {
    tracer.close();
  }

  FinishedSpan onlyFinished(String name) {
    tracer.flush(Duration.ofSeconds(5));
    List<FinishedSpan> spans =
        memory.finishedSpans().stream()
            .filter(s -> s.operationName().equals(name))
            .collect(Collectors.toList());
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  static RingtraceSpanContext ctx(Span span) {
    return (RingtraceSpanContext) span.context();
  }

  @Test
  void asChildOfSpan_takesTheParentsTraceAndRecordsItsSpanId() {
    Span parent = tracer.buildSpan("parent").start();
    Span child = tracer.buildSpan("child").asChildOf(parent).start();
    child.finish();

    FinishedSpan f = onlyFinished("child");
    assertThat(f.traceId()).isEqualTo(ctx(parent).toTraceId());
    assertThat(f.parentSpanId()).isEqualTo(ctx(parent).toSpanId());
    assertThat(f.references()).singleElement().satisfies(r -> {
      assertThat(r.type()).isEqualTo(References.CHILD_OF);
      assertThat(r.spanId()).isEqualTo(ctx(parent).toSpanId());
      assertThat(r.traceId()).isEqualTo(ctx(parent).toTraceId());
    });
    assertThat(f.links()).isEmpty();
  }

  @Test
  void asChildOfContext_isTheSameAsAsChildOfSpan() {
    Span parent = tracer.buildSpan("parent").start();
    tracer.buildSpan("child").asChildOf(parent.context()).start().finish();

    assertThat(onlyFinished("child").parentSpanId()).isEqualTo(ctx(parent).toSpanId());
  }

  @Test
  void severalReferences_firstChildOfIsTheParent_othersAreLinks() {
    Span a = tracer.buildSpan("a").start();
    Span b = tracer.buildSpan("b").start();
    Span c = tracer.buildSpan("c").start();
    tracer
        .buildSpan("joined")
        .addReference(References.FOLLOWS_FROM, a.context())
        .addReference(References.CHILD_OF, b.context())
        .addReference(References.CHILD_OF, c.context())
        .start()
        .finish();

    FinishedSpan f = onlyFinished("joined");
    assertThat(f.traceId()).isEqualTo(ctx(b).toTraceId());
    assertThat(f.parentSpanId()).isEqualTo(ctx(b).toSpanId());
    assertThat(f.links())
        .extracting(SpanReference::type, SpanReference::spanId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(References.FOLLOWS_FROM, ctx(a).toSpanId()),
            org.assertj.core.groups.Tuple.tuple(References.CHILD_OF, ctx(c).toSpanId()));
    assertThat(f.references()).hasSize(3);
    assertThat(f.references().get(0).spanId()).isEqualTo(ctx(b).toSpanId());
  }

  @Test
  void onlyFollowsFrom_makesThatSpanTheParent_markedFollowsFrom() {
    Span a = tracer.buildSpan("a").start();
    tracer.buildSpan("next").addReference(References.FOLLOWS_FROM, a.context()).start().finish();

    FinishedSpan f = onlyFinished("next");
    assertThat(f.parentSpanId()).isEqualTo(ctx(a).toSpanId());
    assertThat(f.references()).singleElement()
        .extracting(SpanReference::type).isEqualTo(References.FOLLOWS_FROM);
  }

  @Test
  void nullReferences_areIgnored() {
    tracer
        .buildSpan("root")
        .asChildOf((Span) null)
        .asChildOf((SpanContext) null)
        .addReference(References.CHILD_OF, null)
        .start()
        .finish();

    FinishedSpan f = onlyFinished("root");
    assertThat(f.parentSpanId()).isNull();
    assertThat(f.references()).isEmpty();
  }

  @Test
  void unknownReferenceType_isIgnored() {
    Span a = tracer.buildSpan("a").start();
    tracer.buildSpan("root").addReference("sibling_of", a.context()).start().finish();
    tracer.buildSpan("root2").addReference(null, a.context()).start().finish();

    assertThat(onlyFinished("root").parentSpanId()).isNull();
    assertThat(onlyFinished("root2").parentSpanId()).isNull();
  }

  @Test
  void activeSpan_isTheImplicitParent() {
    Span parent = tracer.buildSpan("parent").start();
    try (Scope ignored = tracer.activateSpan(parent)) {
      tracer.buildSpan("child").start().finish();
    }
    assertThat(onlyFinished("child").parentSpanId()).isEqualTo(ctx(parent).toSpanId());
  }

  @Test
  void ignoreActiveSpan_startsANewTrace() {
    Span parent = tracer.buildSpan("parent").start();
    try (Scope ignored = tracer.activateSpan(parent)) {
      tracer.buildSpan("root").ignoreActiveSpan().start().finish();
    }
    FinishedSpan f = onlyFinished("root");
    assertThat(f.parentSpanId()).isNull();
    assertThat(f.traceId()).isNotEqualTo(ctx(parent).toTraceId());
  }

  @Test
  void explicitReference_winsOverTheActiveSpan() {
    Span active = tracer.buildSpan("active").start();
    Span explicit = tracer.buildSpan("explicit").start();
    try (Scope ignored = tracer.activateSpan(active)) {
      tracer.buildSpan("child").asChildOf(explicit).start().finish();
    }
    assertThat(onlyFinished("child").parentSpanId()).isEqualTo(ctx(explicit).toSpanId());
  }

  @Test
  void referencesPastTheLimit_areDroppedAndCounted() {
    RingtraceTracer limited =
        Ringtrace.builder("svc")
            .exporter(memory)
            .spanLimits(SpanLimits.builder().maxReferences(2).build())
            .build();
    Span parent = limited.buildSpan("p").start();
    io.opentracing.Tracer.SpanBuilder b = limited.buildSpan("many").asChildOf(parent);
    for (int i = 0; i < 5; i++) b.addReference(References.FOLLOWS_FROM, limited.buildSpan("x").start().context());
    b.start().finish();
    limited.flush(Duration.ofSeconds(5));

    FinishedSpan f = memory.finishedSpans().get(0);
    assertThat(f.parentSpanId()).isEqualTo(ctx(parent).toSpanId());
    assertThat(f.links()).hasSize(1);
    assertThat(f.droppedReferencesCount()).isEqualTo(4);
    limited.close();
  }

  @Test
  void foreignContextWithValidHexIds_isUsedAsRemoteParent() {
    SpanContext foreign =
        new SpanContext() {
          @Override
          public String toTraceId() {
            return "4bf92f3577b34da6a3ce929d0e0e4736";
          }

          @Override
          public String toSpanId() {
            return "00f067aa0ba902b7";
          }

          @Override
          public Iterable<java.util.Map.Entry<String, String>> baggageItems() {
            return java.util.Collections.emptyList();
          }
        };
    tracer.buildSpan("child").asChildOf(foreign).start().finish();

    FinishedSpan f = onlyFinished("child");
    assertThat(f.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(f.parentSpanId()).isEqualTo("00f067aa0ba902b7");
  }

  @Test
  void foreignContextWithoutIds_isIgnored() {
    SpanContext noop = io.opentracing.noop.NoopSpanContext.class.cast(
        io.opentracing.noop.NoopTracerFactory.create().buildSpan("x").start().context());
    tracer.buildSpan("root").asChildOf(noop).start().finish();

    assertThat(onlyFinished("root").parentSpanId()).isNull();
  }

  static Map<String, String> baggageOf(Span span) {
    Map<String, String> items = new LinkedHashMap<>();
    span.context().baggageItems().forEach(e -> items.put(e.getKey(), e.getValue()));
    return items;
  }

  @Test
  void severalReferences_mergeTheBaggageOfAll_inReferenceOrder_laterValueWins() {
    Span first = tracer.buildSpan("first").start().setBaggageItem("a", "1").setBaggageItem("x", "first");
    Span second = tracer.buildSpan("second").start().setBaggageItem("b", "2");
    Span third = tracer.buildSpan("third").start().setBaggageItem("x", "third");

    Span child =
        tracer
            .buildSpan("child")
            .addReference(References.FOLLOWS_FROM, first.context())
            .asChildOf(second)
            .addReference(References.FOLLOWS_FROM, third.context())
            .start();

    assertThat(baggageOf(child))
        .containsExactly(entry("a", "1"), entry("x", "third"), entry("b", "2"));
    // The parent is still the CHILD_OF reference.
    assertThat(ctx(child).parentSpanId()).isEqualTo(ctx(second).spanId());
  }

  @Test
  void mergedBaggage_propagatesToGrandchildren() {
    Span a = tracer.buildSpan("a").start().setBaggageItem("from-a", "1");
    Span b = tracer.buildSpan("b").start().setBaggageItem("from-b", "2");
    Span child = tracer.buildSpan("child").asChildOf(a).asChildOf(b).start();

    Span grandchild = tracer.buildSpan("grandchild").asChildOf(child).start();

    assertThat(baggageOf(grandchild)).containsOnlyKeys("from-a", "from-b");
  }

  @Test
  void mergedBaggage_ofAnUnsampledSpan_isMergedToo() {
    try (RingtraceTracer off =
        Ringtrace.builder("off").sampler(io.ringtrace.core.sampler.Sampler.alwaysOff()).build()) {
      Span a = off.buildSpan("a").start().setBaggageItem("k1", "v1");
      Span b = off.buildSpan("b").start().setBaggageItem("k2", "v2");

      Span child = off.buildSpan("child").asChildOf(a).asChildOf(b).start();

      assertThat(baggageOf(child)).containsOnly(entry("k1", "v1"), entry("k2", "v2"));
    }
  }

  @Test
  void mergedBaggage_keepsToTheItemLimit_firstReferencesFirst() {
    SpanLimits limits = SpanLimits.builder().maxBaggageItems(3).build();
    try (RingtraceTracer limited = Ringtrace.builder("limited").spanLimits(limits).build()) {
      Span a = limited.buildSpan("a").start().setBaggageItem("a1", "v").setBaggageItem("a2", "v");
      Span b = limited.buildSpan("b").start().setBaggageItem("b1", "v").setBaggageItem("b2", "v");
      Span c = limited.buildSpan("c").start().setBaggageItem("a1", "override");

      Span child = limited.buildSpan("child").asChildOf(a).asChildOf(b).asChildOf(c).start();

      // b2 would be the fourth item; overriding a1 adds no item and is kept.
      assertThat(baggageOf(child))
          .containsExactly(entry("a1", "override"), entry("a2", "v"), entry("b1", "v"));
    }
  }

  @Test
  void mergedBaggage_keepsToTheSizeLimit() {
    SpanLimits limits = SpanLimits.builder().maxBaggageChars(10).build();
    try (RingtraceTracer limited = Ringtrace.builder("limited").spanLimits(limits).build()) {
      Span a = limited.buildSpan("a").start().setBaggageItem("k1", "1234"); // 6 chars
      Span b = limited.buildSpan("b").start().setBaggageItem("k2", "123456"); // 8 chars
      Span c = limited.buildSpan("c").start().setBaggageItem("k", "12"); // 3 chars

      Span child = limited.buildSpan("child").asChildOf(a).asChildOf(b).asChildOf(c).start();

      assertThat(baggageOf(child)).containsExactly(entry("k1", "1234"), entry("k", "12"));
    }
  }

  @Test
  void oneReference_sharesItsBaggage_withoutACopy() {
    Span a = tracer.buildSpan("a").start().setBaggageItem("k", "v");
    Span empty = tracer.buildSpan("empty").start();

    Span child = tracer.buildSpan("child").asChildOf(a).start();
    Span withEmpty = tracer.buildSpan("with-empty").asChildOf(a).asChildOf(empty).start();

    assertThat(ctx(child).baggage()).isSameAs(ctx(a).baggage());
    assertThat(ctx(withEmpty).baggage()).isSameAs(ctx(a).baggage());
  }
}
