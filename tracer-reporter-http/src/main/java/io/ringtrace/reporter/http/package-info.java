/*
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Exporters that ship span batches over HTTP: {@link
 * io.ringtrace.reporter.http.OtlpHttpSpanExporter} (OTLP/HTTP protobuf, for the OpenTelemetry
 * Collector, Jaeger and Grafana Tempo) and {@link io.ringtrace.reporter.http.ZipkinHttpSpanExporter}
 * (Zipkin v2, proto3 or JSON). Both are also found by {@link java.util.ServiceLoader} under the
 * names {@code otlp} and {@code zipkin} (see {@link io.ringtrace.core.report.SpanExporterProvider}).
 */
package io.ringtrace.reporter.http;
