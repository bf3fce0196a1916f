/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.testing;

import io.opentracing.References;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.SpanLimits;
import io.ringtrace.core.report.InMemorySpanExporter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finished spans made by a real tracer, for the encoder and exporter tests. */
public final class TestSpans {

  /** Strings outside ASCII: two-, three- and four-byte UTF-8, and characters JSON must escape. */
  public static final String NON_ASCII = "grüße – 日本語 😀 \"quoted\" \\ tab\t newline\n \u0001 \u2028";

  public static final long START_MICROS = 1_700_000_000_123_456L;

  private TestSpans() {}

  /** A tracer that keeps its spans in {@code memory}. */
  public static RingtraceTracer tracer(String service, InMemorySpanExporter memory) {
    return Ringtrace.builder(service)
        .tag("region", "eu-west-1")
        .tag("replicas", 3)
        .tag("canary", false)
        .exporter(memory)
        .build();
  }

  /**
   * A server span with every kind of tag value, logs of every shape, an error, a link to another
   * trace and an upstream {@code tracestate}; followed (index 1) by its client child.
   */
  public static List<FinishedSpan> richTrace() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = tracer("checkout", memory);
    Map<String, String> headers = new HashMap<>();
    headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    headers.put("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    SpanContext upstream = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    Map<String, String> otherHeaders = new HashMap<>();
    otherHeaders.put("traceparent", "00-11111111111111112222222222222222-3333333333333333-01");
    otherHeaders.put("tracestate", "vendor=value");
    SpanContext other = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(otherHeaders));

    Span server =
        tracer
            .buildSpan("GET /checkout/{id}")
            .asChildOf(upstream)
            .addReference(References.FOLLOWS_FROM, other)
            .withTag("span.kind", "server")
            .withTag("http.method", "GET")
            .withTag("http.status_code", 500)
            .withStartTimestamp(START_MICROS)
            .start();
    server.setTag("error", true);
    server.setTag("long", Long.MAX_VALUE);
    server.setTag("negative", -42L);
    server.setTag("short", (short) 7);
    server.setTag("byte", (byte) -1);
    server.setTag("double", 3.25);
    server.setTag("float", 1.5f);
    server.setTag("small.big.integer", BigInteger.valueOf(12345));
    server.setTag("huge.big.integer", new BigInteger("123456789012345678901234567890"));
    server.setTag("big.decimal", new BigDecimal("0.1000000000000000000000000001"));
    server.setTag("unicode", NON_ASCII);
    server.setTag("empty.value", "");
    server.setTag("", "empty key");
    server.setTag("enabled", true);
    server.setTag("disabled", false);
    server.log(START_MICROS + 10, "cache miss");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "error");
    fields.put("error.object", new IllegalStateException("payment declined: ünïcode"));
    fields.put("message", "payment declined");
    fields.put("retries", 2);
    server.log(START_MICROS + 20, fields);
    Map<String, Object> noEvent = new LinkedHashMap<>();
    noEvent.put("db.rows", 12L);
    noEvent.put("cached", true);
    noEvent.put("ratio", 0.5);
    server.log(START_MICROS + 30, noEvent);
    Map<String, Object> numericEvent = new LinkedHashMap<>();
    numericEvent.put("event", 404);
    server.log(START_MICROS + 40, numericEvent);
    server.log(START_MICROS + 50, new LinkedHashMap<String, Object>()); // no fields at all

    Span client =
        tracer
            .buildSpan("charge card")
            .asChildOf(server)
            .withTag("span.kind", "client")
            .withTag("peer.service", "payments")
            .withTag("peer.hostname", "payments.internal")
            .withTag("peer.ipv4", "10.1.2.3")
            .withTag("peer.ipv6", "2001:db8::c001")
            .withTag("peer.port", 8443)
            .withStartTimestamp(START_MICROS + 100)
            .start();
    client.finish(START_MICROS + 900);
    server.finish(START_MICROS + 1_000);
    tracer.flush(Duration.ofSeconds(1));
    List<FinishedSpan> spans = memory.finishedSpans();
    // finished client first; return server first
    return List.of(spans.get(1), spans.get(0));
  }

  /** {@code count} small spans of one trace (a root and its children). */
  public static List<FinishedSpan> simpleTrace(int count) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = tracer("simple", memory);
    Span root = tracer.buildSpan("root").withStartTimestamp(START_MICROS).start();
    for (int i = 1; i < count; i++) {
      tracer
          .buildSpan("child-" + i)
          .asChildOf(root)
          .withTag("index", i)
          .withTag("payload", "value-" + i)
          .withStartTimestamp(START_MICROS + i)
          .start()
          .finish(START_MICROS + i + 5);
    }
    root.finish(START_MICROS + count + 10);
    tracer.flush(Duration.ofSeconds(1));
    List<FinishedSpan> spans = memory.finishedSpans();
    tracer.close();
    return spans;
  }

  /** One span with one tag holding {@code valueLength} chars. */
  public static FinishedSpan spanWithLongValue(int valueLength) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer =
        Ringtrace.builder("big")
            .spanLimits(SpanLimits.builder().maxValueLength(valueLength).build())
            .exporter(memory)
            .build();
    tracer
        .buildSpan("big")
        .withTag("big.value", "x".repeat(valueLength))
        .withTag("small", "kept")
        .withStartTimestamp(START_MICROS)
        .start()
        .finish(START_MICROS + 1);
    tracer.flush(Duration.ofSeconds(5));
    return memory.finishedSpans().get(0);
  }

  /** One span whose tag keys alone take about {@code keyBytes} bytes. */
  public static FinishedSpan spanWithLongKeys(int keyBytes) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer =
        Ringtrace.builder("keys")
            .spanLimits(SpanLimits.builder().maxTags(10_000).build())
            .exporter(memory)
            .build();
    Span span = tracer.buildSpan("keys").withStartTimestamp(START_MICROS).start();
    String prefix = "k".repeat(90);
    for (int i = 0; i * 100 < keyBytes; i++) span.setTag(prefix + String.format("%010d", i), "");
    span.finish(START_MICROS + 1);
    tracer.flush(Duration.ofSeconds(5));
    return memory.finishedSpans().get(0);
  }
}
