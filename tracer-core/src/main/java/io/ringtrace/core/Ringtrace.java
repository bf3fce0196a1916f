/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

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
}
