/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.ringtrace.core.config.EnvironmentConfiguration;

/**
 * The entry point.
 *
 * <pre>{@code
 * RingtraceTracer tracer = Ringtrace.builder("checkout")
 *     .exporter(exporter)
 *     .build();
 * GlobalTracer.registerIfAbsent(tracer);
 * }</pre>
 */
public final class Ringtrace {

  private Ringtrace() {}

  /** A builder for a tracer of the service {@code serviceName}. */
  public static TracerBuilder builder(String serviceName) {
    return new TracerBuilder(serviceName);
  }

  /**
   * A ready tracer configured from the environment and system properties: the OpenTelemetry
   * names ({@code OTEL_SERVICE_NAME}, {@code OTEL_TRACES_SAMPLER}, {@code OTEL_PROPAGATORS},
   * {@code OTEL_TRACES_EXPORTER}, {@code OTEL_EXPORTER_OTLP_*}, {@code OTEL_BSP_*} ...) and,
   * where those are absent, the Jaeger client's {@code JAEGER_*} names. Invalid values are logged
   * with the variable's name and the documented default is used: the tracer always starts. See
   * docs/configuration.md.
   */
  public static RingtraceTracer fromEnvironment() {
    return builderFromEnvironment().build();
  }

  /**
   * A builder configured from the environment, as {@link #fromEnvironment()} does; settings made
   * on it in code win over the environment.
   */
  public static TracerBuilder builderFromEnvironment() {
    return EnvironmentConfiguration.builder();
  }
}
