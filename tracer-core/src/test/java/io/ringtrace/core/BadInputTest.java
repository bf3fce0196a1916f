/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMap;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.StringTag;
import io.opentracing.tag.Tag;
import io.ringtrace.core.report.InMemorySpanExporter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every bad argument gives a defined, documented outcome and never an exception. */
class BadInputTest {

  final InMemorySpanExporter memory = InMemorySpanExporter.create();
  final RingtraceTracer tracer = Ringtrace.builder("svc").exporter(memory).build();

  @AfterEach
  void close() {
    tracer.close();
  }

  FinishedSpan finishAndGet(Span span) {
    span.finish();
    tracer.flush(Duration.ofSeconds(5));
    return memory.finishedSpans().get(0);
  }

  @Test
  void nullOperationName_becomesEmpty() {
    assertThat(finishAndGet(tracer.buildSpan(null).start()).operationName()).isEmpty();
  }

  @Test
  void nullTagKeysAndValues_areIgnored() {
    Span span =
        tracer
            .buildSpan("op")
            .withTag((String) null, "v")
            .withTag("k", (String) null)
            .withTag((String) null, true)
            .withTag("n", (Number) null)
            .withTag((Tag<String>) null, "v")
            .withTag(new StringTag("t"), null)
            .start();
    span.setTag((String) null, "v")
        .setTag("k", (String) null)
        .setTag((String) null, 1)
        .setTag("k", (Number) null)
        .setTag((String) null, false)
        .setTag((Tag<String>) null, "v")
        .setTag(new StringTag("t"), null)
        .setOperationName(null);

    FinishedSpan f = finishAndGet(span);
    assertThat(f.tags()).isEmpty();
    assertThat(f.operationName()).isEqualTo("op");
  }

  @Test
  void aTagWhoseSetThrows_isContained() {
    Tag<String> hostile =
        new Tag<String>() {
          @Override
          public String getKey() {
            return "hostile";
          }

          @Override
          public void set(Span span, String value) {
            throw new IllegalStateException("boom");
          }
        };
    Span span = tracer.buildSpan("op").start();
    assertThatCode(() -> span.setTag(hostile, "v")).doesNotThrowAnyException();
    assertThat(finishAndGet(span).tags()).isEmpty();
  }

  @Test
  void nullLogsAndBaggage_areIgnored() {
    Span span = tracer.buildSpan("op").start();
    span.log((String) null).log((Map<String, ?>) null).log(5L, (String) null);
    Map<String, Object> withNulls = new HashMap<>();
    withNulls.put(null, "v");
    withNulls.put("k", null);
    withNulls.put("ok", "v");
    span.log(withNulls);
    span.setBaggageItem(null, "v");
    assertThat(span.getBaggageItem(null)).isNull();

    FinishedSpan f = finishAndGet(span);
    assertThat(f.logs()).singleElement().satisfies(l -> assertThat(l.fields()).containsOnlyKeys("ok"));
    assertThat(f.baggage()).isEmpty();
  }

  @Test
  void negativeOrHugeExplicitTimestamps_saturateInsteadOfOverflowing() {
    Span span = tracer.buildSpan("op").withStartTimestamp(-5).start();
    span.finish(Long.MAX_VALUE);
    tracer.flush(Duration.ofSeconds(5));
    FinishedSpan f = memory.finishedSpans().get(0);
    assertThat(f.startEpochNanos()).isZero();
    assertThat(f.endEpochNanos()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void inject_withNullOrForeignArguments_writesNothing() {
    Span span = tracer.buildSpan("op").start();
    Map<String, String> map = new HashMap<>();
    TextMapAdapter carrier = new TextMapAdapter(map);
    tracer.inject(null, Format.Builtin.TEXT_MAP, carrier);
    tracer.inject(span.context(), null, carrier);
    tracer.inject(span.context(), Format.Builtin.TEXT_MAP, null);
    SpanContext foreign =
        io.opentracing.noop.NoopTracerFactory.create().buildSpan("x").start().context();
    tracer.inject(foreign, Format.Builtin.TEXT_MAP, carrier);
    assertThat(map).isEmpty();
  }

  @Test
  void unsupportedFormatsAndMismatchedCarriers_areNoOps() {
    Span span = tracer.buildSpan("op").start();
    Format<Object> custom = new Format<Object>() {};
    Map<String, String> map = new HashMap<>();
    tracer.inject(span.context(), custom, new Object());
    assertThat(tracer.extract(custom, new Object())).isNull();

    @SuppressWarnings({"unchecked", "rawtypes"})
    Format<Object> textAsObject = (Format) Format.Builtin.TEXT_MAP;
    tracer.inject(span.context(), textAsObject, "not a carrier");
    assertThat(tracer.extract(textAsObject, "not a carrier")).isNull();

    @SuppressWarnings({"unchecked", "rawtypes"})
    Format<Object> binaryAsObject = (Format) Format.Builtin.BINARY;
    tracer.inject(span.context(), binaryAsObject, new TextMapAdapter(map));
    assertThat(map).isEmpty();
  }

  @Test
  void extract_withNullArguments_returnsNull() {
    assertThat(tracer.extract(null, new TextMapAdapter(new HashMap<>()))).isNull();
    assertThat(tracer.extract(Format.Builtin.HTTP_HEADERS, null)).isNull();
  }

  @Test
  void carriersThatThrow_areContained() {
    TextMap hostile =
        new TextMap() {
          @Override
          public Iterator<Map.Entry<String, String>> iterator() {
            throw new UnsupportedOperationException("no reading");
          }

          @Override
          public void put(String key, String value) {
            throw new UnsupportedOperationException("no writing");
          }
        };
    Span span = tracer.buildSpan("op").start();
    assertThatCode(() -> tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, hostile))
        .doesNotThrowAnyException();
    assertThat(tracer.extract(Format.Builtin.HTTP_HEADERS, hostile)).isNull();
  }

  @Test
  void binaryCarrierGivingTooSmallABuffer_isANoOp() {
    Span span = tracer.buildSpan("op").start();
    ByteBuffer tiny = ByteBuffer.allocate(3);
    tracer.inject(span.context(), Format.Builtin.BINARY_INJECT, length -> tiny);
    assertThat(tiny.position()).isZero();
  }

  @Test
  void garbageHeaders_extractNoContext() {
    for (String garbage :
        new String[] {
          "", "00", "zz-zz", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
          "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
          "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
          "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
          "\u0000\r\n"
        }) {
      Map<String, String> headers = Map.of("traceparent", garbage);
      SpanContext ctx = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
      assertThat(ctx).as(garbage).isNull();
    }
  }

  @Test
  void builderArguments_failFastAtStartup_namingTheProblem() {
    assertThatThrownBy(() -> Ringtrace.builder(null)).hasMessageContaining("serviceName");
    assertThatThrownBy(() -> Ringtrace.builder("  ")).hasMessageContaining("serviceName");
    assertThatThrownBy(() -> Ringtrace.builder("s").sampler(null)).hasMessageContaining("sampler");
    assertThatThrownBy(() -> SpanLimits.builder().maxTags(-1))
        .hasMessageContaining("maxTags")
        .hasMessageContaining("-1");
  }
}
