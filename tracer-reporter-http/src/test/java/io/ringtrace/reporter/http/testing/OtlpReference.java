/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.LogRecord;
import io.ringtrace.core.SpanReference;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OTLP mapping written a second time, with the official generated classes: what a request
 * for given spans must decode to. Independent of the encoder under test on purpose.
 */
public final class OtlpReference {

  private OtlpReference() {}

  /** The request for {@code spans}, grouped by resource in order of first appearance. */
  public static ExportTraceServiceRequest request(List<FinishedSpan> spans) {
    Map<io.ringtrace.core.Resource, ScopeSpans.Builder> groups = new LinkedHashMap<>();
    for (FinishedSpan s : spans) {
      groups
          .computeIfAbsent(
              s.resource(),
              r ->
                  ScopeSpans.newBuilder()
                      .setScope(
                          InstrumentationScope.newBuilder()
                              .setName("io.ringtrace")
                              .setVersion(io.ringtrace.core.Resource.sdkVersion())))
          .addSpans(span(s));
    }
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    groups.forEach(
        (resource, scopeSpans) ->
            request.addResourceSpans(
                ResourceSpans.newBuilder().setResource(resource(resource)).addScopeSpans(scopeSpans)));
    return request.build();
  }

  public static Resource resource(io.ringtrace.core.Resource resource) {
    Resource.Builder b = Resource.newBuilder();
    b.addAttributes(kv("service.name", resource.serviceName()));
    b.addAttributes(kv("telemetry.sdk.language", "java"));
    b.addAttributes(kv("telemetry.sdk.name", "ringtrace"));
    b.addAttributes(kv("telemetry.sdk.version", io.ringtrace.core.Resource.sdkVersion()));
    if (!resource.tags().containsKey("host.name")) b.addAttributes(kv("host.name", hostName()));
    if (!resource.tags().containsKey("process.pid")) {
      b.addAttributes(kv("process.pid", ProcessHandle.current().pid()));
    }
    resource.tags().forEach(
        (k, v) -> {
          if (!k.equals("service.name") && !k.startsWith("telemetry.sdk.")) b.addAttributes(kv(k, v));
        });
    return b.build();
  }

  public static Span span(FinishedSpan s) {
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(bytes(s.traceIdHigh(), s.traceIdLow()))
            .setSpanId(bytes(s.spanIdAsLong()))
            .setName(s.operationName())
            .setStartTimeUnixNano(s.startEpochNanos())
            .setEndTimeUnixNano(s.endEpochNanos())
            .setFlags((s.flags() & 0xff) | 0x100 | (s.hasRemoteParent() ? 0x200 : 0))
            .setDroppedAttributesCount(s.droppedTagsCount())
            .setDroppedEventsCount(s.droppedLogsCount())
            .setDroppedLinksCount(s.droppedReferencesCount());
    if (s.traceState() != null) b.setTraceState(s.traceState());
    if (s.parentSpanIdAsLong() != 0) b.setParentSpanId(bytes(s.parentSpanIdAsLong()));
    Span.SpanKind kind = kind(s.tags().get("span.kind"));
    b.setKind(kind);
    s.tags().forEach(
        (k, v) -> {
          if (!(k.equals("span.kind") && kind != Span.SpanKind.SPAN_KIND_INTERNAL)) {
            b.addAttributes(kv(k, v));
          }
        });
    for (LogRecord log : s.logs()) {
      Span.Event.Builder e =
          Span.Event.newBuilder()
              .setTimeUnixNano(log.timestampEpochNanos())
              .setDroppedAttributesCount(log.droppedFieldsCount());
      Object event = log.fields().get("event");
      e.setName(event == null ? "log" : String.valueOf(event));
      log.fields()
          .forEach(
              (k, v) -> {
                if (k.equals("event")) return;
                if (k.equals("error.object") && v instanceof Throwable) {
                  Throwable t = (Throwable) v;
                  e.addAttributes(kv("exception.type", t.getClass().getName()));
                  if (t.getMessage() != null) e.addAttributes(kv("exception.message", t.getMessage()));
                  StringWriter trace = new StringWriter();
                  t.printStackTrace(new PrintWriter(trace, true));
                  e.addAttributes(kv("exception.stacktrace", trace.toString()));
                } else {
                  e.addAttributes(kv(k, v));
                }
              });
      b.addEvents(e);
    }
    for (SpanReference link : s.links()) {
      Span.Link.Builder l =
          Span.Link.newBuilder()
              .setTraceId(bytes(link.traceIdHigh(), link.traceIdLow()))
              .setSpanId(bytes(link.spanIdAsLong()))
              .addAttributes(kv("opentracing.ref_type", link.type()))
              .setFlags(link.flags() & 0xff);
      if (link.traceState() != null) l.setTraceState(link.traceState());
      b.addLinks(l);
    }
    Object error = s.tags().get("error");
    if (Boolean.TRUE.equals(error) || "true".equals(error)) {
      Status.Builder status = Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR);
      String message = errorMessage(s);
      if (message != null) status.setMessage(message);
      b.setStatus(status);
    }
    return b.build();
  }

  private static Span.SpanKind kind(Object tag) {
    if ("server".equals(tag)) return Span.SpanKind.SPAN_KIND_SERVER;
    if ("client".equals(tag)) return Span.SpanKind.SPAN_KIND_CLIENT;
    if ("producer".equals(tag)) return Span.SpanKind.SPAN_KIND_PRODUCER;
    if ("consumer".equals(tag)) return Span.SpanKind.SPAN_KIND_CONSUMER;
    return Span.SpanKind.SPAN_KIND_INTERNAL;
  }

  /** The error-log conventions, as documented on the encoder. */
  public static String errorMessage(FinishedSpan s) {
    String fromThrowable = null;
    for (LogRecord log : s.logs()) {
      Map<String, Object> f = log.fields();
      if ("error".equals(f.get("event")) && f.get("message") instanceof String) {
        return (String) f.get("message");
      }
      if (fromThrowable == null && f.get("error.object") instanceof Throwable) {
        fromThrowable = ((Throwable) f.get("error.object")).getMessage();
      }
    }
    if (fromThrowable != null) return fromThrowable;
    Object tag = s.tags().get("error.message");
    return tag instanceof String ? (String) tag : null;
  }

  public static KeyValue kv(String key, Object value) {
    return KeyValue.newBuilder().setKey(key).setValue(any(value)).build();
  }

  public static AnyValue any(Object v) {
    AnyValue.Builder b = AnyValue.newBuilder();
    if (v instanceof String) return b.setStringValue((String) v).build();
    if (v instanceof Boolean) return b.setBoolValue((Boolean) v).build();
    if (v instanceof Double || v instanceof Float) {
      return b.setDoubleValue(((Number) v).doubleValue()).build();
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return b.setIntValue(((Number) v).longValue()).build();
    }
    if (v instanceof BigInteger && ((BigInteger) v).bitLength() < 64) {
      return b.setIntValue(((BigInteger) v).longValue()).build();
    }
    return b.setStringValue(String.valueOf(v)).build();
  }

  public static ByteString bytes(long high, long low) {
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
  }

  public static ByteString bytes(long id) {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array());
  }

  /** All spans of a request, in order. */
  public static List<Span> spans(ExportTraceServiceRequest request) {
    List<Span> out = new ArrayList<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) out.addAll(ss.getSpansList());
    }
    return out;
  }

  static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isEmpty()) return env;
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
