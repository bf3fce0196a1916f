/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The propagators of Ringtrace, by name and combined.
 *
 * <pre>{@code
 * // W3C Trace Context and Baggage: the default.
 * Propagator p = Propagators.defaults();
 * // During a migration from the Jaeger client: write both, read either.
 * Propagator p = Propagators.composite(
 *     Propagators.traceContext(), Propagators.baggage(), Propagators.jaeger());
 * // From OTEL_PROPAGATORS-style names.
 * Propagator p = Propagators.byName("b3multi");
 * }</pre>
 *
 * Every propagator returned here is immutable and thread-safe.
 */
public final class Propagators {

  /** {@code OTEL_PROPAGATORS} name of {@link #traceContext()}. */
  public static final String TRACECONTEXT = "tracecontext";
  /** {@code OTEL_PROPAGATORS} name of {@link #baggage()}. */
  public static final String BAGGAGE = "baggage";
  /** {@code OTEL_PROPAGATORS} name of {@link #b3Single()}. */
  public static final String B3 = "b3";
  /** {@code OTEL_PROPAGATORS} name of {@link #b3Multi()}. */
  public static final String B3MULTI = "b3multi";
  /** {@code OTEL_PROPAGATORS} name of {@link #jaeger()}. */
  public static final String JAEGER = "jaeger";

  private static final Propagator DEFAULTS =
      new CompositePropagator(Arrays.asList(traceContext(), baggage()));

  private Propagators() {}

  /** W3C Trace Context plus W3C Baggage: what a tracer uses unless told otherwise. */
  public static Propagator defaults() {
    return DEFAULTS;
  }

  /** W3C Trace Context: {@code traceparent} and {@code tracestate}. */
  public static Propagator traceContext() {
    return W3CTraceContextPropagator.getInstance();
  }

  /** W3C Baggage: the {@code baggage} header, with the default limits. */
  public static Propagator baggage() {
    return W3CBaggagePropagator.getInstance();
  }

  /** B3, writing the single {@code b3} header (reads both forms). */
  public static Propagator b3Single() {
    return B3Propagator.singleHeader();
  }

  /** B3, writing the {@code X-B3-*} headers (reads both forms). */
  public static Propagator b3Multi() {
    return B3Propagator.multiHeader();
  }

  /** The Jaeger client's {@code uber-trace-id} and {@code uberctx-*} headers. */
  public static Propagator jaeger() {
    return JaegerPropagator.getInstance();
  }

  /** The binary layout for OpenTracing's {@code BINARY} format. */
  public static BinaryPropagator binary() {
    return BinaryPropagator.getInstance();
  }

  /**
   * The propagator of an {@code OTEL_PROPAGATORS} name: {@value #TRACECONTEXT}, {@value
   * #BAGGAGE}, {@value #B3} (single header), {@value #B3MULTI} or {@value #JAEGER}; case and
   * surrounding whitespace do not matter.
   *
   * @return the propagator, or {@code null} for any other name (also {@code none} and names of
   *     formats Ringtrace does not speak, such as {@code xray} or {@code ottrace})
   */
  public static Propagator byName(String name) {
    if (name == null) return null;
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case TRACECONTEXT:
        return traceContext();
      case BAGGAGE:
        return baggage();
      case B3:
        return b3Single();
      case B3MULTI:
        return b3Multi();
      case JAEGER:
        return jaeger();
      default:
        return null;
    }
  }

  /**
   * Several formats as one: extraction reads the carrier once and takes the first valid context
   * in this order, merging baggage and keeping contexts of other traces as {@link
   * ExtractedContext#otherTraces()}; injection writes every format. Nested composites are
   * flattened and repeats dropped.
   *
   * @throws NullPointerException if the array or one of its elements is null
   * @throws IllegalArgumentException if it is empty
   */
  public static Propagator composite(Propagator... propagators) {
    if (propagators == null) throw new NullPointerException("propagators == null");
    return composite(Arrays.asList(propagators));
  }

  /** {@link #composite(Propagator...)} from a list. */
  public static Propagator composite(List<? extends Propagator> propagators) {
    if (propagators == null) throw new NullPointerException("propagators == null");
    List<Propagator> flat = new ArrayList<>();
    for (int i = 0; i < propagators.size(); i++) {
      Propagator p = propagators.get(i);
      if (p == null) throw new NullPointerException("propagators[" + i + "] == null");
      if (p instanceof CompositePropagator) {
        for (Propagator inner : ((CompositePropagator) p).propagators()) addOnce(flat, inner);
      } else {
        addOnce(flat, p);
      }
    }
    if (flat.isEmpty()) throw new IllegalArgumentException("no propagators");
    if (flat.size() == 1) return flat.get(0);
    return new CompositePropagator(Collections.unmodifiableList(flat));
  }

  private static void addOnce(List<Propagator> list, Propagator p) {
    if (!list.contains(p)) list.add(p);
  }
}
