/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.resolver;

import io.opentracing.contrib.tracerresolver.TracerResolver;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;

/**
 * The older of opentracing-tracerresolver's two service interfaces, for code that loads {@link
 * TracerResolver} subclasses itself; {@link TracerResolver#resolveTracer()} prefers {@link
 * RingtraceTracerFactory}. Registered in {@code
 * META-INF/services/io.opentracing.contrib.tracerresolver.TracerResolver}.
 */
public final class RingtraceTracerResolver extends TracerResolver {

  /** For {@link java.util.ServiceLoader}. */
  public RingtraceTracerResolver() {}

  /**
   * A new tracer from {@link Ringtrace#fromEnvironment()}, with its own reporter thread: the
   * caller owns it and closes it with {@link RingtraceTracer#close()}.
   *
   * @deprecated as {@link TracerResolver#resolve()} is; {@link RingtraceTracerFactory#getTracer()}
   *     does the same
   */
  @Deprecated
  @Override
  protected RingtraceTracer resolve() {
    return Ringtrace.fromEnvironment();
  }
}
