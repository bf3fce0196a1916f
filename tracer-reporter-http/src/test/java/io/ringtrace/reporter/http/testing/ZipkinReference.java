/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.testing;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.LogRecord;
import io.ringtrace.propagation.TraceFlags;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import zipkin2.Endpoint;
import zipkin2.Span;

/**
 * The Zipkin mapping written a second time, with zipkin2's own model: what our bytes must decode
 * to. Independent of the encoders under test on purpose.
 */
public final class ZipkinReference {

  private ZipkinReference() {}

  public static List<Span> spans(List<FinishedSpan> spans) {
    return spans.stream().map(ZipkinReference::span).collect(Collectors.toList());
  }

  public static Span span(FinishedSpan s) {
    Map<String, Object> tags = s.tags();
    Span.Builder b =
        Span.newBuilder()
            .traceId(s.traceIdHigh(), s.traceIdLow())
            .id(s.spanIdAsLong())
            .name(s.operationName())
            .localEndpoint(Endpoint.newBuilder().serviceName(s.resource().serviceName()).build());
    if (s.parentSpanIdAsLong() != 0) b.parentId(s.parentSpanIdAsLong());
    long start = s.startEpochNanos() / 1000;
    if (start != 0) {
      b.timestamp(start);
      b.duration(Math.max(1, s.endEpochNanos() / 1000 - start));
    }
    if ((s.flags() & TraceFlags.DEBUG) != 0) b.debug(true);
    Object kind = tags.get("span.kind");
    boolean kindMapped = true;
    if ("client".equals(kind)) {
      b.kind(Span.Kind.CLIENT);
    } else if ("server".equals(kind)) {
      b.kind(Span.Kind.SERVER);
    } else if ("producer".equals(kind)) {
      b.kind(Span.Kind.PRODUCER);
    } else if ("consumer".equals(kind)) {
      b.kind(Span.Kind.CONSUMER);
    } else {
      kindMapped = false;
    }
    Endpoint.Builder remote = Endpoint.newBuilder();
    boolean hasRemote = false;
    Object peerService = tags.get("peer.service");
    Object peerHost = tags.get("peer.hostname");
    if (peerService instanceof String) {
      remote.serviceName((String) peerService);
      hasRemote = true;
    } else if (peerHost instanceof String) {
      remote.serviceName((String) peerHost);
      hasRemote = true;
    }
    if (tags.get("peer.ipv4") instanceof String) hasRemote |= remote.parseIp((String) tags.get("peer.ipv4"));
    if (tags.get("peer.ipv6") instanceof String) hasRemote |= remote.parseIp((String) tags.get("peer.ipv6"));
    if (tags.get("peer.port") instanceof Integer) {
      remote.port((Integer) tags.get("peer.port"));
      hasRemote = true;
    }
    if (hasRemote) b.remoteEndpoint(remote.build());
    for (Map.Entry<String, Object> tag : tags.entrySet()) {
      String key = tag.getKey();
      Object value = tag.getValue();
      if (key.isEmpty()) continue;
      if (key.equals("span.kind") && kindMapped) continue;
      if (key.equals("peer.service") || key.equals("peer.ipv4") || key.equals("peer.ipv6")
          || key.equals("peer.port")) {
        continue;
      }
      if (key.equals("error")) {
        if (Boolean.TRUE.equals(value) || "true".equals(value)) {
          String message = OtlpReference.errorMessage(s);
          b.putTag("error", message != null ? message : "true");
        }
        continue;
      }
      b.putTag(key, String.valueOf(value));
    }
    s.resource().tags().forEach((k, v) -> {
      if (!tags.containsKey(k)) b.putTag(k, String.valueOf(v));
    });
    for (LogRecord log : s.logs()) {
      Map<String, Object> fields = log.fields();
      if (fields.isEmpty()) continue;
      String value;
      if (fields.size() == 1 && fields.containsKey("event")) {
        value = String.valueOf(fields.get("event"));
      } else {
        value =
            fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
      }
      b.addAnnotation(log.timestampEpochNanos() / 1000, value);
    }
    return b.build();
  }
}
