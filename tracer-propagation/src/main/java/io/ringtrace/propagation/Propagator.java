/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.util.List;
import java.util.Map;

/**
 * Writes a {@link TraceContext} into a text carrier and reads it back.
 *
 * <p>Carriers are seen the way OpenTracing's {@code TextMap} offers them: extraction iterates the
 * entries once; injection calls a {@link Setter}. Implementations are immutable and thread-safe.
 *
 * <p>Neither method ever throws on bad input: a missing, malformed, oversized or hostile value
 * gives "no context" ({@code null}) from {@link #extract}, and {@link #inject} never writes a
 * value that is invalid in an HTTP header.
 */
public interface Propagator {

  /** Writes one header (or map entry) into a carrier. */
  @FunctionalInterface
  interface Setter<C> {
    void set(C carrier, String key, String value);
  }

  /**
   * The keys this propagator writes, as it writes them (carriers should match them
   * case-insensitively), for carriers that need to know up front. Keys derived from baggage items
   * (Jaeger's {@code uberctx-*}) are not listed.
   */
  List<String> fields();

  /** Writes {@code context} into {@code carrier}. */
  <C> void inject(TraceContext context, C carrier, Setter<C> setter);

  /**
   * Reads a context from the carrier's entries, matching keys case-insensitively in one pass.
   *
   * @return the context, or {@code null} when the carrier holds no valid one
   */
  ExtractedContext extract(Iterable<? extends Map.Entry<String, String>> carrier);
}
