/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Several formats at once; built by {@link Propagators#composite}. Immutable and thread-safe.
 *
 * <p>Injection writes every format, in order. Extraction reads the carrier once, offering each
 * entry to every format of this package (a propagator of another kind reads the carrier on its
 * own), then:
 *
 * <ol>
 *   <li>takes the first valid context, in the configured order ({@linkplain
 *       ExtractedContext#isSamplingOnly() sampling-only} ones only when there is no other);
 *   <li>gives it the baggage of every format that carries the same trace, and of the baggage-only
 *       formats ({@link W3CBaggagePropagator}), merged in the configured order (the first format
 *       that has a key wins);
 *   <li>keeps each valid context of a <em>different</em> trace in {@link
 *       ExtractedContext#otherTraces()}, once per trace, so that the tracer records it as a
 *       {@code FOLLOWS_FROM} reference instead of losing it.
 * </ol>
 *
 * Baggage without any trace context gives no context: OpenTracing has no context without ids. A
 * propagator of another kind that throws (breaking the {@link Propagator} contract) counts as
 * having found nothing; the other formats still work.
 */
final class CompositePropagator implements Propagator {

  private final Propagator[] propagators;
  private final boolean[] ownReader; // per propagator: read through a HeaderReader
  private final List<String> fields;

  CompositePropagator(List<Propagator> propagators) {
    this.propagators = propagators.toArray(new Propagator[0]);
    this.ownReader = new boolean[this.propagators.length];
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (int i = 0; i < this.propagators.length; i++) {
      ownReader[i] = this.propagators[i] instanceof HeaderCodec;
      names.addAll(this.propagators[i].fields());
    }
    this.fields = Collections.unmodifiableList(new ArrayList<>(names));
  }

  /** The formats, in order. */
  List<Propagator> propagators() {
    return Collections.unmodifiableList(Arrays.asList(propagators));
  }

  @Override
  public List<String> fields() {
    return fields;
  }

  @Override
  public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
    if (context == null || carrier == null || setter == null) return;
    for (int i = 0; i < propagators.length; i++) {
      if (ownReader[i]) {
        propagators[i].inject(context, carrier, setter);
      } else {
        try {
          propagators[i].inject(context, carrier, setter);
        } catch (RuntimeException e) {
          // A propagator of another kind failed: the formats after it are still written.
        }
      }
    }
  }

  @Override
  public ExtractedContext extract(Iterable<? extends Map.Entry<String, String>> carrier) {
    if (carrier == null) return null;
    int n = propagators.length;
    HeaderReader[] readers = new HeaderReader[n];
    for (int i = 0; i < n; i++) {
      if (ownReader[i]) readers[i] = ((HeaderCodec) propagators[i]).newReader();
    }
    // One pass over the carrier for all of our formats.
    for (Map.Entry<String, String> entry : carrier) {
      if (entry == null) continue;
      String key = entry.getKey();
      if (key == null) continue;
      String value = entry.getValue();
      for (HeaderReader r : readers) {
        if (r != null) r.accept(key, value);
      }
    }
    ExtractedContext[] contexts = new ExtractedContext[n];
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array; never leaves this method
    Map<String, String>[] baggageOnly = new Map[n];
    ExtractedContext primary = null;
    ExtractedContext samplingOnly = null;
    ExtractedContext noTrace = null;
    boolean anyBaggage = false;
    for (int i = 0; i < n; i++) {
      ExtractedContext ctx;
      if (readers[i] != null) {
        ctx = readers[i].context();
        baggageOnly[i] = readers[i].baggage();
        anyBaggage |= baggageOnly[i] != null && !baggageOnly[i].isEmpty();
      } else {
        ctx = extractForeign(propagators[i], carrier);
      }
      contexts[i] = ctx;
      if (ctx == null) continue;
      if (ctx.isBaggageOnly()) {
        if (noTrace == null) noTrace = ctx;
      } else if (ctx.isSamplingOnly()) {
        if (samplingOnly == null) samplingOnly = ctx;
      } else if (primary == null) {
        primary = ctx;
      }
    }
    // A trace context wins over a bare decision, which wins over baggage (or a debug id) alone;
    // baggage alone still makes a context, so that it is not lost.
    if (primary == null) primary = samplingOnly;
    if (primary == null) primary = noTrace;
    if (primary == null && anyBaggage) primary = ExtractedContext.baggageOnly(null, null);
    if (primary == null) return null;

    Map<String, String> baggage = mergeBaggage(primary, contexts, baggageOnly);
    List<TraceContext> others = null;
    for (ExtractedContext ctx : contexts) {
      if (ctx == null || ctx == primary || ctx.isSamplingOnly() || ctx.isBaggageOnly()) continue;
      if (primary.sameTrace(ctx)) continue;
      if (others == null) others = new ArrayList<>(2);
      // A link needs no baggage: keep the reference small.
      if (!containsTrace(others, ctx)) others.add(ctx.baggage().isEmpty() ? ctx : ctx.withBaggage(null));
    }
    ExtractedContext result = primary;
    if (baggage != primary.baggage()) result = result.withBaggage(baggage);
    if (others != null) result = result.withOtherTraces(Collections.unmodifiableList(others));
    return result;
  }

  /** A propagator of another kind, which may break its contract and throw: no context then. */
  private static ExtractedContext extractForeign(
      Propagator p, Iterable<? extends Map.Entry<String, String>> carrier) {
    try {
      return p.extract(carrier);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean containsTrace(List<TraceContext> others, ExtractedContext ctx) {
    for (TraceContext o : others) {
      if (ctx.sameTrace(o)) return true;
    }
    return false;
  }

  /**
   * The baggage of the same-trace contexts and the baggage-only formats, in order, the first
   * holder of a key winning; the primary's own map when nothing else adds to it.
   */
  private static Map<String, String> mergeBaggage(
      ExtractedContext primary, ExtractedContext[] contexts, Map<String, String>[] baggageOnly) {
    Map<String, String> single = null;
    int sources = 0;
    for (int i = 0; i < contexts.length; i++) {
      Map<String, String> m = sourceOf(primary, contexts[i], baggageOnly[i]);
      if (m == null || m.isEmpty()) continue;
      if (sources++ == 0) single = m;
    }
    if (sources == 0) return primary.baggage();
    if (sources == 1) return single;
    LinkedHashMap<String, String> values = new LinkedHashMap<>();
    Map<String, String> properties = null;
    for (int i = 0; i < contexts.length; i++) {
      Map<String, String> m = sourceOf(primary, contexts[i], baggageOnly[i]);
      if (m == null) continue;
      for (Map.Entry<String, String> e : m.entrySet()) {
        if (values.putIfAbsent(e.getKey(), e.getValue()) != null) continue;
        String props = BaggageItems.propertiesOf(m, e.getKey());
        if (props != null) {
          if (properties == null) properties = new HashMap<>();
          properties.put(e.getKey(), props);
        }
      }
    }
    return properties == null
        ? Collections.unmodifiableMap(values)
        : new BaggageItems(values, properties);
  }

  private static Map<String, String> sourceOf(
      ExtractedContext primary, ExtractedContext ctx, Map<String, String> baggageOnly) {
    if (baggageOnly != null) return baggageOnly;
    if (ctx == null) return null;
    if (ctx == primary || (!ctx.isSamplingOnly() && primary.sameTrace(ctx))) return ctx.baggage();
    // Baggage that came without a trace belongs to whatever trace the carrier holds.
    if (ctx.isBaggageOnly()) return ctx.baggage();
    return null;
  }

  @Override
  public String toString() {
    return "CompositePropagator" + Arrays.toString(propagators);
  }
}
