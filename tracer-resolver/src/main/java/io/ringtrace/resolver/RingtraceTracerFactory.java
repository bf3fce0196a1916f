/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.resolver;

import io.opentracing.contrib.tracerresolver.TracerFactory;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;

/**
 * The {@link TracerFactory} that opentracing-tracerresolver finds by {@link
 * java.util.ServiceLoader} when this module is on the class path: {@code
 * TracerResolver.resolveTracer()} then answers a Ringtrace tracer configured from the environment
 * and system properties. Registered in {@code
 * META-INF/services/io.opentracing.contrib.tracerresolver.TracerFactory}.
 */
public final class RingtraceTracerFactory implements TracerFactory {

  /** For {@link java.util.ServiceLoader}. */
  public RingtraceTracerFactory() {}

  /**
   * A new tracer from {@link Ringtrace#fromEnvironment()}, with its own reporter thread: the
   * caller owns it and closes it with {@link RingtraceTracer#close()}.
   */
  @Override
  public RingtraceTracer getTracer() {
    return Ringtrace.fromEnvironment();
  }
}
