/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.internal;

import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.report.SpanExporterProvider;
import io.ringtrace.reporter.http.ZipkinHttpSpanExporter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Makes a {@link ZipkinHttpSpanExporter} for the name {@code zipkin}. Internal, not for public
 * use: found by {@link java.util.ServiceLoader}.
 *
 * <p>Reads, by system-property name:
 *
 * <ul>
 *   <li>{@code otel.exporter.zipkin.endpoint}: the full URL
 *   <li>{@code otel.exporter.zipkin.timeout}: milliseconds
 *   <li>{@code ringtrace.exporter.zipkin.encoding}: {@code proto3} or {@code json}
 *   <li>{@code ringtrace.exporter.zipkin.compression}: {@code gzip} or {@code none}
 *   <li>{@code ringtrace.exporter.zipkin.headers}: {@code name=value,...}, values
 *       percent-encoded
 *   <li>{@code ringtrace.exporter.zipkin.connect.timeout}, {@code .initial.backoff}, {@code
 *       .max.backoff}: milliseconds; {@code .max.request.bytes}, {@code .max.attempts}
 * </ul>
 */
public final class ZipkinSpanExporterProvider implements SpanExporterProvider {

  static final String PREFIX = "ringtrace.exporter.zipkin.";

  public ZipkinSpanExporterProvider() {}

  @Override
  public String name() {
    return "zipkin";
  }

  @Override
  public SpanExporter create(Map<String, String> settings) {
    ProviderConfig config = new ProviderConfig(settings);
    ZipkinHttpSpanExporter.Builder builder = ZipkinHttpSpanExporter.builder();
    String endpoint = config.get("otel.exporter.zipkin.endpoint");
    if (endpoint != null) builder.endpoint(endpoint);
    Duration timeout = config.millis("otel.exporter.zipkin.timeout");
    if (timeout != null) builder.timeout(timeout);
    String encoding = config.get(PREFIX + "encoding");
    if (encoding != null) {
      switch (encoding.toLowerCase(Locale.ROOT)) {
        case "proto3":
          builder.encoding(ZipkinHttpSpanExporter.Encoding.PROTO3);
          break;
        case "json":
          builder.encoding(ZipkinHttpSpanExporter.Encoding.JSON);
          break;
        default:
          throw new IllegalArgumentException(
              PREFIX + "encoding must be 'proto3' or 'json', was '" + encoding + "'");
      }
    }
    String compression = config.get(PREFIX + "compression");
    if (compression != null) builder.compression(compression);
    builder.headers(config.headers(PREFIX + "headers"));
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
