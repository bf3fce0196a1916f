/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.opentracing.ScopeManager;
import io.ringtrace.core.internal.Clock;
import io.ringtrace.core.report.BatchingReporter;
import io.ringtrace.core.report.DiscardSpanExporter;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.core.report.Reporter;
import io.ringtrace.core.report.ReporterConfig;
import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.report.SynchronousReporter;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.propagation.Propagator;
import io.ringtrace.propagation.Propagators;
import java.time.Duration;
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

  private String serviceName;
  private final Map<String, Object> tags = new LinkedHashMap<>();
  private Sampler sampler = Sampler.parentBased(Sampler.alwaysOn());
  private Propagator propagator = Propagators.defaults();
  private SpanLimits spanLimits = SpanLimits.defaults();
  private ScopeManager scopeManager;
  private LogCorrelation logCorrelation = LogCorrelation.none();
  private Clock clock;
  private SpanExporter exporter = DiscardSpanExporter.getInstance();
  // The reporter options, defined, defaulted and checked there; each build() makes a new reporter.
  private ReporterConfig reporter = ReporterConfig.defaults();

  TracerBuilder(String serviceName) {
    serviceName(serviceName);
  }

  /** The service name every span is reported under; replaces the one given at creation. */
  public TracerBuilder serviceName(String serviceName) {
    if (serviceName == null) throw new NullPointerException("serviceName == null");
    if (serviceName.trim().isEmpty()) {
      throw new IllegalArgumentException("serviceName is empty: '" + serviceName + "'");
    }
    this.serviceName = serviceName;
    reporter = reporter.withServiceName(serviceName);
    return this;
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

  /**
   * Where finished sampled spans go. Default: nowhere ({@link DiscardSpanExporter}: spans are
   * recorded, counted, then discarded).
   *
   * <p>Spans reach every exporter through the queue and the reporter thread, in batches, except
   * an {@link InMemorySpanExporter}: that one (for tests) gets each span inside {@code finish()},
   * from a {@link SynchronousReporter}, so that the span is in {@link
   * InMemorySpanExporter#finishedSpans()} when {@code finish()} returns, is never dropped for a
   * full queue, and no reporter thread runs. The queue and batch settings then do not apply.
   */
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

  /**
   * Which SLF4J MDC keys hold the active span's trace id, span id and sampled flag, for log
   * lines that carry them. Default: {@link LogCorrelation#none()}, the MDC untouched and the scope
   * manager used as it is. Works with any {@link #scopeManager(ScopeManager)}, which it decorates.
   */
  public TracerBuilder logCorrelation(LogCorrelation logCorrelation) {
    if (logCorrelation == null) throw new NullPointerException("logCorrelation == null");
    this.logCorrelation = logCorrelation;
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

  /**
   * Spans the reporter's queue holds (rounded up to a power of two); when it is full, finished
   * spans are dropped and counted, never waited for. Default {@value
   * ReporterConfig#DEFAULT_MAX_QUEUE_SIZE} ({@code OTEL_BSP_MAX_QUEUE_SIZE}).
   */
  public TracerBuilder maxQueueSize(int maxQueueSize) {
    reporter = reporter.withMaxQueueSize(maxQueueSize);
    return this;
  }

  /**
   * Most spans per export; at most {@link #maxQueueSize}. Default {@value
   * ReporterConfig#DEFAULT_MAX_EXPORT_BATCH_SIZE}, or the queue size if that is smaller ({@code
   * OTEL_BSP_MAX_EXPORT_BATCH_SIZE}).
   */
  public TracerBuilder maxExportBatchSize(int maxExportBatchSize) {
    reporter = reporter.withMaxExportBatchSize(maxExportBatchSize);
    return this;
  }

  /**
   * Most exports on their way at once, for exporters that answer before their batch is delivered
   * (the HTTP exporters): the reporter prepares the next batch while these travel. Default
   * {@value ReporterConfig#DEFAULT_MAX_CONCURRENT_EXPORTS}; 1 exports one batch at a time.
   */
  public TracerBuilder maxConcurrentExports(int maxConcurrentExports) {
    reporter = reporter.withMaxConcurrentExports(maxConcurrentExports);
    return this;
  }

  /**
   * Longest time a finished span waits for its batch to fill before it is exported anyway.
   * Default {@value ReporterConfig#DEFAULT_SCHEDULE_DELAY_MILLIS} ms ({@code
   * OTEL_BSP_SCHEDULE_DELAY}).
   */
  public TracerBuilder scheduleDelay(Duration scheduleDelay) {
    reporter = reporter.withScheduleDelay(scheduleDelay);
    return this;
  }

  /**
   * How long one export may run before the reporter thread is interrupted (checked once spans
   * are being dropped). Default {@value ReporterConfig#DEFAULT_EXPORT_TIMEOUT_MILLIS} ms
   * ({@code OTEL_BSP_EXPORT_TIMEOUT}).
   */
  public TracerBuilder exportTimeout(Duration exportTimeout) {
    reporter = reporter.withExportTimeout(exportTimeout);
    return this;
  }

  /**
   * How long {@link RingtraceTracer#close()} (and the shutdown hook) waits for queued spans to be
   * exported. Default {@value ReporterConfig#DEFAULT_CLOSE_TIMEOUT_MILLIS} ms ({@link
   * RingtraceTracer#DEFAULT_CLOSE_TIMEOUT}).
   */
  public TracerBuilder closeTimeout(Duration closeTimeout) {
    reporter = reporter.withCloseTimeout(closeTimeout);
    return this;
  }

  /**
   * Whether a JVM shutdown hook closes the tracer, so that spans queued when the JVM exits are
   * still exported. {@link RingtraceTracer#close()} removes the hook again. Default {@code false}.
   */
  public TracerBuilder registerShutdownHook(boolean registerShutdownHook) {
    reporter = reporter.withRegisterShutdownHook(registerShutdownHook);
    return this;
  }

  /** For tests: the source of timestamps. */
  TracerBuilder clock(Clock clock) {
    if (clock == null) throw new NullPointerException("clock == null");
    this.clock = clock;
    return this;
  }

  /**
   * A new tracer with this configuration, and with it a new reporter thread that runs until
   * {@link RingtraceTracer#close()} (none for an {@link InMemorySpanExporter}, see {@link
   * #exporter}).
   *
   * @throws IllegalArgumentException if {@code maxExportBatchSize} was set above {@code
   *     maxQueueSize}
   */
  public RingtraceTracer build() {
    return new RingtraceTracer(
        new Resource(serviceName, tags),
        sampler,
        spanLimits,
        clock != null ? clock : Clock.system(),
        propagator,
        logCorrelation.decorate(scopeManager != null ? scopeManager : new RingtraceScopeManager()),
        newReporter());
  }

  private Reporter newReporter() {
    if (exporter instanceof InMemorySpanExporter) {
      return SynchronousReporter.create((InMemorySpanExporter) exporter);
    }
    return BatchingReporter.builder(exporter).config(reporter).build();
  }
}
