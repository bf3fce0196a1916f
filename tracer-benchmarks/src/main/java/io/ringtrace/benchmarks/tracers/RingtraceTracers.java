/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.tracers;

import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.sampler.Sampler;

/** Ringtrace as the benchmarks run it. */
final class RingtraceTracers {

  private RingtraceTracers() {}

  static TracerUnderTest create(boolean sampled, String format) {
    if (!format.equals("w3c")) return null;
    RingtraceTracer tracer =
        Ringtrace.builder(Tracers.SERVICE)
            .sampler(sampled ? Sampler.alwaysOn() : Sampler.alwaysOff())
            .build();
    return Tracers.simple(tracer, tracer::close);
  }
}
