/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.opentracing.ScopeManager;
import io.ringtrace.core.internal.Clock;
import io.ringtrace.core.internal.DirectReporter;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.propagation.Propagator;
import io.ringtrace.propagation.Propagators;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configures and builds a {@link RingtraceTracer}; obtain one from {@link
 * Ringtrace#builder(String)}. Setters validate their argument and throw {@link
 * IllegalArgumentException} or {@link NullPointerException} naming it: configuration errors
 * surface at startup, never on a request thread. Not thread-safe; {@link #build()} may be called
 * more than once.
 */
public final class TracerBuilder {

  private final String serviceName;
  private final Map<String, Object> tags = new LinkedHashMap<>();
  private Sampler sampler = Sampler.parentBased(Sampler.alwaysOn());
  private Propagator propagator = Propagators.defaults();
  private SpanExporter exporter;
  private SpanLimits spanLimits = SpanLimits.defaults();
  private ScopeManager scopeManager;
  private Clock clock;

  TracerBuilder(String serviceName) {
    if (serviceName == null) throw new NullPointerException("serviceName == null");
    if (serviceName.trim().isEmpty()) {
      throw new IllegalArgumentException("serviceName is empty: '" + serviceName + "'");
    }
    this.serviceName = serviceName;
  }

  /** Decides which traces are recorded. Default: {@code Sampler.parentBased(Sampler.alwaysOn())}. */
  public TracerBuilder sampler(Sampler sampler) {
    if (sampler == null) throw new NullPointerException("sampler == null");
    this.sampler = sampler;
    return this;
  }

  /**
   * Reads and writes contexts for the {@code TEXT_MAP} and {@code HTTP_HEADERS} formats. Default:
   * {@link Propagators#defaults()}, W3C Trace Context and W3C Baggage.
   */
  public TracerBuilder propagator(Propagator propagator) {
    if (propagator == null) throw new NullPointerException("propagator == null");
    this.propagator = propagator;
    return this;
  }

  /** Where finished sampled spans go. Default: nowhere (spans are recorded, then discarded). */
  public TracerBuilder exporter(SpanExporter exporter) {
    if (exporter == null) throw new NullPointerException("exporter == null");
    this.exporter = exporter;
    return this;
  }

  /** Bounds on what one span records. Default: {@link SpanLimits#defaults()}. */
  public TracerBuilder spanLimits(SpanLimits spanLimits) {
    if (spanLimits == null) throw new NullPointerException("spanLimits == null");
    this.spanLimits = spanLimits;
    return this;
  }

  /**
   * The scope manager that tracks the active span. Default: a thread-local one with the
   * semantics of opentracing-util's {@code ThreadLocalScopeManager}.
   */
  public TracerBuilder scopeManager(ScopeManager scopeManager) {
    if (scopeManager == null) throw new NullPointerException("scopeManager == null");
    this.scopeManager = scopeManager;
    return this;
  }

  /** A tracer tag: exported with every span as a resource attribute (Zipkin: a tag). */
  public TracerBuilder tag(String key, String value) {
    return putTag(key, value);
  }

  /** A tracer tag with a boolean value. */
  public TracerBuilder tag(String key, boolean value) {
    return putTag(key, value);
  }

  /** A tracer tag with a numeric value. */
  public TracerBuilder tag(String key, Number value) {
    return putTag(key, value == null ? null : TagList.snapshot(value));
  }

  private TracerBuilder putTag(String key, Object value) {
    if (key == null) throw new NullPointerException("tag key == null");
    if (value == null) throw new NullPointerException("value of tag '" + key + "' == null");
    tags.put(key, value);
    return this;
  }

  /** For tests: the source of timestamps. */
  TracerBuilder clock(Clock clock) {
    if (clock == null) throw new NullPointerException("clock == null");
    this.clock = clock;
    return this;
  }

  /** A new tracer with this configuration. */
  public RingtraceTracer build() {
    SpanExporter e = exporter != null ? exporter : DiscardExporter.INSTANCE;
    return new RingtraceTracer(
        new Resource(serviceName, tags),
        sampler,
        spanLimits,
        clock != null ? clock : Clock.system(),
        propagator,
        scopeManager != null ? scopeManager : new RingtraceScopeManager(),
        DirectReporter.create(e));
  }

  /** Accepts and forgets. */
  private enum DiscardExporter implements SpanExporter {
    INSTANCE;

    @Override
    public ExportResult export(java.util.List<FinishedSpan> spans) {
      return ExportResult.success();
    }

    @Override
    public void shutdown() {}
  }
}
