/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.tracers;

import io.opentracing.Tracer;

/** One tracer, configured for a benchmark, behind the OpenTracing API. */
public interface TracerUnderTest extends AutoCloseable {

  /** The OpenTracing face every benchmark goes through. */
  Tracer tracer();

  /** Stops background threads; waits for nothing that is not already done. */
  @Override
  void close();
}
