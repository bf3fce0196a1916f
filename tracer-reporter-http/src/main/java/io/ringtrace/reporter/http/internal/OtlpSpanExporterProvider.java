/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.report.SpanExporterProvider;
import io.ringtrace.reporter.http.OtlpHttpSpanExporter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Makes an {@link OtlpHttpSpanExporter} for the name {@code otlp}. Internal, not for public use:
 * found by {@link java.util.ServiceLoader}.
 *
 * <p>Reads, by system-property name (the trace-specific key wins over the general one):
 *
 * <ul>
 *   <li>{@code otel.exporter.otlp.traces.endpoint}: the full URL; else {@code
 *       otel.exporter.otlp.endpoint}: a base URL to which {@code v1/traces} is appended
 *   <li>{@code otel.exporter.otlp[.traces].headers}: {@code name=value,...}, values
 *       percent-encoded
 *   <li>{@code otel.exporter.otlp[.traces].compression}: {@code gzip} or {@code none}
 *   <li>{@code otel.exporter.otlp[.traces].timeout}: milliseconds
 *   <li>{@code otel.exporter.otlp[.traces].protocol}: only {@code http/protobuf} is supported
 *   <li>{@code ringtrace.exporter.otlp.connect.timeout}, {@code .initial.backoff}, {@code
 *       .max.backoff}: milliseconds; {@code .max.request.bytes}, {@code .max.attempts}
 * </ul>
 */
public final class OtlpSpanExporterProvider implements SpanExporterProvider {

  static final String PREFIX = "ringtrace.exporter.otlp.";

  public OtlpSpanExporterProvider() {}

  @Override
  public String name() {
    return "otlp";
  }

  @Override
  public SpanExporter create(Map<String, String> settings) {
    ProviderConfig config = new ProviderConfig(settings);
    OtlpHttpSpanExporter.Builder builder = OtlpHttpSpanExporter.builder();

    String protocol = config.get("otel.exporter.otlp.traces.protocol", "otel.exporter.otlp.protocol");
    if (protocol != null && !protocol.toLowerCase(Locale.ROOT).equals("http/protobuf")) {
      throw new IllegalArgumentException(
          config.keyOf("otel.exporter.otlp.traces.protocol", "otel.exporter.otlp.protocol")
              + " must be 'http/protobuf' (the only protocol this exporter speaks), was '"
              + protocol + "'");
    }
    String traces = config.get("otel.exporter.otlp.traces.endpoint");
    String base = config.get("otel.exporter.otlp.endpoint");
    if (traces != null) {
      builder.endpoint(traces);
    } else if (base != null) {
      builder.endpoint(base.endsWith("/") ? base + "v1/traces" : base + "/v1/traces");
    }
    builder.headers(config.headers("otel.exporter.otlp.traces.headers", "otel.exporter.otlp.headers"));
    String compression =
        config.get("otel.exporter.otlp.traces.compression", "otel.exporter.otlp.compression");
    if (compression != null) builder.compression(compression);
    Duration timeout = config.millis("otel.exporter.otlp.traces.timeout", "otel.exporter.otlp.timeout");
    if (timeout != null) builder.timeout(timeout);

    config.applyTransport(
        PREFIX,
        builder::connectTimeout,
        builder::maxRequestBytes,
        builder::maxAttempts,
        builder::initialBackoff,
        builder::maxBackoff);
    return builder.build();
  }
}
