/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentracing.Tracer;
import io.opentracing.contrib.tracerresolver.TracerFactory;
import io.opentracing.contrib.tracerresolver.TracerResolver;
import io.opentracing.util.GlobalTracer;
import io.ringtrace.core.RingtraceTracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code TracerResolver.resolveTracer()} with this module, and tracer-reporter-http, on the class
 * path, configured through system properties (which the environment configuration reads before
 * environment variables).
 */
class TracerResolverTest {

  final SystemProperties properties = new SystemProperties();
  final List<Tracer> resolved = new ArrayList<>();

  @BeforeEach
  void quietByDefault() {
    assertThat(GlobalTracer.isRegistered()).isFalse(); // else the resolver answers that one
    properties.set("otel.traces.exporter", "none");
  }

  @AfterEach
  void restore() {
    for (Tracer tracer : resolved) tracer.close();
    properties.close();
  }

  Tracer resolve() {
    Tracer tracer = TracerResolver.resolveTracer();
    if (tracer != null) resolved.add(tracer);
    return tracer;
  }

  @Test
  void resolveTracer_answersARingtraceTracer_withTheServiceNameOfTheEnvironment() {
    properties.set("otel.service.name", "checkout");

    Tracer tracer = resolve();

    assertThat(tracer).isInstanceOf(RingtraceTracer.class);
    assertThat(((RingtraceTracer) tracer).serviceName()).isEqualTo("checkout");
  }

  @Test
  void resolveTracer_readsTheJaegerClientsServiceName_asJaegerTracerResolverDid() {
    properties.set("jaeger.service.name", "billing");

    assertThat(((RingtraceTracer) resolve()).serviceName()).isEqualTo("billing");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void resolveTracer_withOtlpConfigured_shipsSpansThroughTheHttpExporterFoundByServiceLoader()
      throws Exception {
    try (OtlpSink sink = new OtlpSink()) {
      properties
          .set("otel.service.name", "checkout")
          .set("otel.traces.exporter", "otlp")
          .set("otel.exporter.otlp.endpoint", sink.endpoint());
      RingtraceTracer tracer = (RingtraceTracer) resolve();

      tracer.buildSpan("GET /cart").start().finish();
      assertThat(tracer.flush(Duration.ofSeconds(10))).isTrue();

      ExportTraceServiceRequest request = sink.take(10);
      assertThat(request).isNotNull();
      assertThat(request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getName())
          .isEqualTo("GET /cart");
      assertThat(request.getResourceSpans(0).getResource().getAttributesList())
          .anySatisfy(
              kv -> {
                assertThat(kv.getKey()).isEqualTo("service.name");
                assertThat(kv.getValue().getStringValue()).isEqualTo("checkout");
              });
      assertThat(tracer.metrics().spansExported()).isEqualTo(1);
    }
  }

  @Test
  void resolveTracer_answersANewTracerEachTime() {
    Tracer first = resolve();
    Tracer second = resolve();

    assertThat(first).isNotSameAs(second);
  }

  @Test
  void tracerresolverDisabledProperty_resolvesNothing() {
    properties.set("tracerresolver.disabled", "true");

    assertThat(resolve()).isNull();
  }

  @Test
  void tracerFactory_isRegisteredForServiceLoader() {
    assertThat(ServiceLoader.load(TracerFactory.class))
        .hasAtLeastOneElementOfType(RingtraceTracerFactory.class);
  }

  @Test
  void tracerResolver_isRegisteredForServiceLoader() {
    assertThat(ServiceLoader.load(TracerResolver.class))
        .hasAtLeastOneElementOfType(RingtraceTracerResolver.class);
  }

  @Test
  @SuppressWarnings("deprecation")
  void theOlderResolverInterface_answersATracerFromTheEnvironmentToo() {
    properties.set("otel.service.name", "legacy");

    RingtraceTracer tracer = new RingtraceTracerResolver().resolve();
    resolved.add(tracer);

    assertThat(tracer.serviceName()).isEqualTo("legacy");
  }
}
