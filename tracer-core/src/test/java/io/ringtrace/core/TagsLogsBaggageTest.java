/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.opentracing.Span;
import io.opentracing.tag.Tags;
import io.ringtrace.core.report.InMemorySpanExporter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TagsLogsBaggageTest {

  final TestClock clock = new TestClock(1_000_000_000L);
  InMemorySpanExporter memory = InMemorySpanExporter.create();
  RingtraceTracer tracer = Ringtrace.builder("svc").exporter(memory).clock(clock).build();

  @AfterEach
  void close() {
    tracer.close();
  }

  FinishedSpan finishAndGet(Span span) {
    span.finish();
    tracer.flush(Duration.ofSeconds(5));
    return memory.finishedSpans().get(memory.finishedSpans().size() - 1);
  }

  RingtraceTracer limited(SpanLimits limits) {
    tracer.close(); // shuts its exporter down too
    memory = InMemorySpanExporter.create();
    tracer = Ringtrace.builder("svc").exporter(memory).clock(clock).spanLimits(limits).build();
    return tracer;
  }

  @Test
  void tags_keepTheirTypes_fromBuilderAndSpan() {
    Span span =
        tracer
            .buildSpan("op")
            .withTag("s", "text")
            .withTag("b", true)
            .withTag("i", 42)
            .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER)
            .start();
    span.setTag("l", 7L).setTag("d", 1.5).setTag("big", new BigDecimal("1.25"));
    Tags.HTTP_STATUS.set(span, 503);
    Tags.ERROR.set(span, true);

    Map<String, Object> tags = finishAndGet(span).tags();
    assertThat(tags)
        .containsExactly(
            entry("s", "text"),
            entry("b", true),
            entry("i", 42),
            entry("span.kind", "server"),
            entry("l", 7L),
            entry("d", 1.5),
            entry("big", new BigDecimal("1.25")),
            entry("http.status_code", 503),
            entry("error", true));
  }

  @Test
  void settingATagAgain_overwritesItsValueInPlace() {
    Span span = tracer.buildSpan("op").withTag("a", "1").withTag("b", "2").start();
    span.setTag("a", "3");
    assertThat(finishAndGet(span).tags()).containsExactly(entry("a", "3"), entry("b", "2"));
  }

  @Test
  void mutableNumbers_areSnapshotAtSetTag() {
    AtomicLong counter = new AtomicLong(5);
    Span span = tracer.buildSpan("op").start();
    span.setTag("n", counter);
    counter.set(9);
    assertThat(finishAndGet(span).tags()).containsEntry("n", "5");
  }

  @Test
  void tagsPastTheLimit_areDroppedAndCounted_butExistingKeysStillUpdate() {
    limited(SpanLimits.builder().maxTags(2).build());
    Span span = tracer.buildSpan("op").withTag("a", 1).withTag("b", 2).withTag("c", 3).start();
    span.setTag("d", 4).setTag("a", 10);

    FinishedSpan f = finishAndGet(span);
    assertThat(f.tags()).containsExactly(entry("a", 10), entry("b", 2));
    assertThat(f.droppedTagsCount()).isEqualTo(2);
  }

  @Test
  void longStringValues_areTruncatedWithoutSplittingASurrogatePair() {
    limited(SpanLimits.builder().maxValueLength(5).build());
    String emoji = "\uD83D\uDE00"; // one code point, two chars
    Span span = tracer.buildSpan("op").withTag("a", "abcdefgh").start();
    span.setTag("e", "abcd" + emoji);
    span.log("0123456789");

    FinishedSpan f = finishAndGet(span);
    assertThat(f.tags()).containsEntry("a", "abcde").containsEntry("e", "abcd");
    assertThat(f.logs().get(0).fields()).containsEntry("event", "01234");
  }

  @Test
  void logs_recordTimestampsAndFields_inOrder() {
    Span span = tracer.buildSpan("op").start();
    clock.advanceNanos(100);
    span.log("started");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "error");
    fields.put("error.object", new IllegalStateException("boom"));
    fields.put("count", 3);
    span.log(fields);
    span.log(2_000L, "explicit");
    span.log(3_000L, Map.of("k", "v"));

    FinishedSpan f = finishAndGet(span);
    assertThat(f.logs()).hasSize(4);
    assertThat(f.logs().get(0).timestampEpochNanos()).isEqualTo(1_000_000_100L);
    assertThat(f.logs().get(0).fields()).containsExactly(entry("event", "started"));
    assertThat(f.logs().get(1).fields()).containsKeys("event", "error.object", "count");
    assertThat(f.logs().get(1).fields().get("error.object")).isInstanceOf(IllegalStateException.class);
    assertThat(f.logs().get(2).timestampEpochNanos()).isEqualTo(2_000_000L);
    assertThat(f.logs().get(3).fields()).containsExactly(entry("k", "v"));
  }

  @Test
  void logsAndFieldsPastTheLimits_areDroppedAndCounted() {
    limited(SpanLimits.builder().maxLogs(2).maxFieldsPerLog(1).build());
    Span span = tracer.buildSpan("op").start();
    Map<String, Object> two = new LinkedHashMap<>();
    two.put("a", 1);
    two.put("b", 2);
    span.log(two).log("x").log("y").log("z");

    FinishedSpan f = finishAndGet(span);
    assertThat(f.logs()).hasSize(2);
    assertThat(f.logs().get(0).fields()).containsExactly(entry("a", 1));
    assertThat(f.logs().get(0).droppedFieldsCount()).isEqualTo(1);
    assertThat(f.droppedLogsCount()).isEqualTo(2);
    assertThat(f.droppedLogFieldsCount()).isEqualTo(1);
  }

  @Test
  void logValuesOfOtherTypes_becomeTheirToString_andAThrowingToStringLosesOnlyThatLog() {
    Span span = tracer.buildSpan("op").start();
    span.log(Map.of("list", java.util.List.of(1, 2)));
    Object hostile =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("no");
          }
        };
    span.log(Map.of("bad", hostile));
    span.log("after");

    FinishedSpan f = finishAndGet(span);
    assertThat(f.logs()).hasSize(2);
    assertThat(f.logs().get(0).fields()).containsEntry("list", "[1, 2]");
    assertThat(f.logs().get(1).fields()).containsEntry("event", "after");
  }

  @Test
  void baggage_belongsToTheContext_andFlowsToChildren() {
    Span parent = tracer.buildSpan("parent").start();
    parent.setBaggageItem("user", "alice");
    Span child = tracer.buildSpan("child").asChildOf(parent).start();
    child.setBaggageItem("step", "2");

    assertThat(parent.getBaggageItem("user")).isEqualTo("alice");
    assertThat(parent.getBaggageItem("step")).isNull();
    assertThat(child.getBaggageItem("user")).isEqualTo("alice");
    Map<String, String> items = new HashMap<>();
    child.context().baggageItems().forEach(e -> items.put(e.getKey(), e.getValue()));
    assertThat(items).containsOnly(entry("user", "alice"), entry("step", "2"));
    assertThat(finishAndGet(child).baggage()).containsOnly(entry("user", "alice"), entry("step", "2"));
  }

  @Test
  void settingBaggage_replacesTheContext_earlierContextsKeepTheirBaggage() {
    Span span = tracer.buildSpan("op").start();
    io.opentracing.SpanContext before = span.context();
    span.setBaggageItem("k", "v");
    assertThat(before.baggageItems()).isEmpty();
    assertThat(span.context().baggageItems()).hasSize(1);
    assertThat(span.context().toSpanId()).isEqualTo(before.toSpanId());
  }

  @Test
  void baggagePastTheLimits_isRefused_andNullValueRemovesAnItem() {
    limited(SpanLimits.builder().maxBaggageItems(2).maxBaggageChars(10).build());
    Span span = tracer.buildSpan("op").start();
    span.setBaggageItem("a", "1").setBaggageItem("b", "2").setBaggageItem("c", "3");
    assertThat(span.getBaggageItem("c")).isNull();
    span.setBaggageItem("a", null);
    span.setBaggageItem("c", "3");
    assertThat(span.getBaggageItem("c")).isEqualTo("3");
    span.setBaggageItem("d", "toolongvalue");
    assertThat(span.getBaggageItem("d")).isNull();
    assertThat(span.getBaggageItem("a")).isNull();
    assertThat(span.getBaggageItem("b")).isEqualTo("2");
  }

  @Test
  void tracerTags_areOnTheResource() {
    tracer.close();
    memory = InMemorySpanExporter.create();
    tracer = Ringtrace.builder("checkout").tag("env", "prod").tag("canary", true).exporter(memory).build();
    FinishedSpan f = finishAndGet(tracer.buildSpan("op").start());
    assertThat(f.resource().serviceName()).isEqualTo("checkout");
    assertThat(f.resource().tags()).containsExactly(entry("env", "prod"), entry("canary", true));
  }
}
