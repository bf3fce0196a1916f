/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.report.SpanExporterProvider;
import io.ringtrace.reporter.http.testing.TestCollector;
import io.ringtrace.reporter.http.testing.TestSpans;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The exporters as the environment configuration will find them: by name, from settings. */
class SpanExporterProviderTest {

  private static SpanExporterProvider provider(String name) {
    for (SpanExporterProvider p : ServiceLoader.load(SpanExporterProvider.class)) {
      if (p.name().equals(name)) return p;
    }
    throw new AssertionError("no provider named " + name);
  }

  @Test
  void serviceLoader_findsOtlpAndZipkin() {
    assertThat(ServiceLoader.load(SpanExporterProvider.class).stream().map(p -> p.get().name()))
        .containsExactlyInAnyOrder("otlp", "zipkin");
  }

  @Test
  void otlp_noSettings_givesTheDefaults() {
    SpanExporter exporter = provider("otlp").create(Map.of());
    try {
      assertThat(exporter).isInstanceOf(OtlpHttpSpanExporter.class);
      assertThat(exporter.toString()).contains(OtlpHttpSpanExporter.DEFAULT_ENDPOINT);
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void otlp_baseEndpointAndHeaders_areUsedAsOpenTelemetryDefinesThem() throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      Map<String, String> settings = new HashMap<>();
      settings.put("otel.exporter.otlp.endpoint", collector.url("/otlp/"));
      settings.put("otel.exporter.otlp.headers", "Authorization=Basic%20abc%3D,X-Tenant=acme");
      settings.put("otel.exporter.otlp.compression", "none");
      settings.put("otel.exporter.otlp.timeout", "2000");
      SpanExporter exporter = provider("otlp").create(settings);
      try {
        assertThat(exporter.export(TestSpans.simpleTrace(1)).isSuccess()).isTrue();
      } finally {
        exporter.shutdown();
      }

      TestCollector.Received request = collector.received().get(0);
      assertThat(request.path).isEqualTo("/otlp/v1/traces");
      assertThat(request.header("Authorization")).isEqualTo("Basic abc=");
      assertThat(request.header("X-Tenant")).isEqualTo("acme");
      assertThat(request.header("Content-Encoding")).isNull();
    }
  }

  @Test
  void otlp_tracesEndpoint_isUsedAsIsAndWinsOverTheBase() {
    Map<String, String> settings = new HashMap<>();
    settings.put("otel.exporter.otlp.endpoint", "http://base:4318");
    settings.put("otel.exporter.otlp.traces.endpoint", "http://traces:4318/custom/path");
    SpanExporter exporter = provider("otlp").create(settings);
    try {
      assertThat(exporter.toString()).contains("http://traces:4318/custom/path");
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void otlp_grpcProtocol_isRejectedNamingTheSetting() {
    assertThatThrownBy(() -> provider("otlp").create(Map.of("otel.exporter.otlp.protocol", "grpc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otel.exporter.otlp.protocol")
        .hasMessageContaining("grpc");
  }

  @Test
  void otlp_badTimeout_isRejectedNamingSettingAndValue() {
    assertThatThrownBy(() -> provider("otlp").create(Map.of("otel.exporter.otlp.traces.timeout", "10s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otel.exporter.otlp.traces.timeout")
        .hasMessageContaining("10s");
  }

  @Test
  void otlp_malformedHeaders_areRejectedWithoutShowingValues() {
    assertThatThrownBy(
            () -> provider("otlp").create(Map.of("otel.exporter.otlp.headers", "a=ok,s3cr3t")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 2")
        .message()
        .doesNotContain("s3cr3t");
  }

  @Test
  void zipkin_settings_chooseEndpointAndEncoding() {
    Map<String, String> settings = new HashMap<>();
    settings.put("otel.exporter.zipkin.endpoint", "http://zipkin:9411/api/v2/spans");
    settings.put("ringtrace.exporter.zipkin.encoding", "json");
    SpanExporter exporter = provider("zipkin").create(settings);
    try {
      assertThat(exporter).isInstanceOf(ZipkinHttpSpanExporter.class);
      assertThat(exporter.toString()).contains("http://zipkin:9411/api/v2/spans").contains("JSON");
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void zipkin_unknownEncoding_isRejectedNamingIt() {
    assertThatThrownBy(
            () -> provider("zipkin").create(Map.of("ringtrace.exporter.zipkin.encoding", "thrift")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ringtrace.exporter.zipkin.encoding")
        .hasMessageContaining("thrift");
  }
}
