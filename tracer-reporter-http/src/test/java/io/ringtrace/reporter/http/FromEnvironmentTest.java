/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.config.ConfigSource;
import io.ringtrace.core.config.EnvironmentConfiguration;
import io.ringtrace.reporter.http.testing.TestCollector;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment picks this module's exporters by name, through ServiceLoader. */
class FromEnvironmentTest {

  @Test
  void otelTracesExporterOtlp_shipsSpansToTheConfiguredEndpoint() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      Map<String, String> env = new HashMap<>();
      env.put("OTEL_SERVICE_NAME", "checkout");
      env.put("OTEL_TRACES_EXPORTER", "otlp");
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.url("/"));
      env.put("OTEL_EXPORTER_OTLP_HEADERS", "X-Tenant=acme");
      RingtraceTracer tracer =
          EnvironmentConfiguration.builder(ConfigSource.of(env, Map.of())).build();
      try {
        tracer.buildSpan("GET /cart").start().finish();
        assertThat(tracer.flush(Duration.ofSeconds(10))).isTrue();
      } finally {
        tracer.close();
      }

      TestCollector.Received request = collector.received().get(0);
      assertThat(request.path).isEqualTo("/v1/traces");
      assertThat(request.header("X-Tenant")).isEqualTo("acme");
      ExportTraceServiceRequest decoded = ExportTraceServiceRequest.parseFrom(request.body);
      Span span = decoded.getResourceSpans(0).getScopeSpans(0).getSpans(0);
      assertThat(span.getName()).isEqualTo("GET /cart");
      assertThat(decoded.getResourceSpans(0).getResource().getAttributesList())
          .anySatisfy(kv -> {
            assertThat(kv.getKey()).isEqualTo("service.name");
            assertThat(kv.getValue().getStringValue()).isEqualTo("checkout");
          });
    }
  }

  @Test
  void otelTracesExporterZipkin_shipsSpansToTheZipkinEndpoint() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      Map<String, String> env = new HashMap<>();
      env.put("OTEL_TRACES_EXPORTER", "zipkin");
      env.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", collector.url("/api/v2/spans"));
      RingtraceTracer tracer =
          EnvironmentConfiguration.builder(ConfigSource.of(env, Map.of())).build();
      try {
        tracer.buildSpan("GET /cart").start().finish();
        assertThat(tracer.flush(Duration.ofSeconds(10))).isTrue();
      } finally {
        tracer.close();
      }
      assertThat(collector.received()).singleElement().satisfies(r -> assertThat(r.path).isEqualTo("/api/v2/spans"));
      assertThat(tracer.metrics().spansExported()).isEqualTo(1);
    }
  }
}
