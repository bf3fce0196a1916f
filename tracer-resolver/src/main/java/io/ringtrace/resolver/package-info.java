/*
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Ringtrace for opentracing-tracerresolver: with this module on the class path, {@code
 * io.opentracing.contrib.tracerresolver.TracerResolver.resolveTracer()} answers {@link
 * io.ringtrace.core.Ringtrace#fromEnvironment()}, unless a tracer is already registered with
 * {@code GlobalTracer} or {@code TRACERRESOLVER_DISABLED} (system property {@code
 * tracerresolver.disabled}) is {@code true}.
 */
package io.ringtrace.resolver;
