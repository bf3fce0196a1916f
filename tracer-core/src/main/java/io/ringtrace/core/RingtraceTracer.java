/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.BinaryExtract;
import io.opentracing.propagation.BinaryInject;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapExtract;
import io.opentracing.propagation.TextMapInject;
import io.ringtrace.core.internal.Clock;
import io.ringtrace.core.internal.ThrottledLogger;
import io.ringtrace.core.internal.Throwables;
import io.ringtrace.core.report.Reporter;
import io.ringtrace.core.report.ReporterConfig;
import io.ringtrace.core.report.ReporterMetrics;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.propagation.BinaryPropagator;
import io.ringtrace.propagation.ExtractedContext;
import io.ringtrace.propagation.Propagator;
import io.ringtrace.propagation.TraceContext;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTracing {@link Tracer} of Ringtrace. Build one with {@link Ringtrace#builder(String)};
 * thread-safe; one per service is the norm.
 *
 * <p>Nothing here throws into instrumented code: bad arguments (nulls, unsupported formats or
 * carriers, foreign contexts, garbage headers) give a no-op result and at most one DEBUG log line
 * per minute. Finished sampled spans go to the {@link Reporter}, which never blocks the
 * caller.
 */
public final class RingtraceTracer implements Tracer {

  /**
   * How long {@link #close()} waits for queued spans to be exported unless the builder's {@code
   * closeTimeout} says otherwise.
   */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = ReporterConfig.DEFAULT_CLOSE_TIMEOUT;

  private static final Logger LOG = LoggerFactory.getLogger(RingtraceTracer.class);

  // Non-capturing: one instance for the lifetime of the class, no allocation per inject.
  private static final Propagator.Setter<TextMapInject> TEXT_MAP_SETTER = TextMapInject::put;

  final Resource resource;
  final Sampler sampler;
  final SpanLimits limits;
  final Clock clock;
  private final Propagator propagator;
  private final BinaryPropagator binaryPropagator;
  private final ScopeManager scopeManager;
  private final Reporter reporter;
  private final ThrottledLogger misuseLog = new ThrottledLogger(LOG);
  private final AtomicBoolean closed = new AtomicBoolean();

  RingtraceTracer(
      Resource resource,
      Sampler sampler,
      SpanLimits limits,
      Clock clock,
      Propagator propagator,
      ScopeManager scopeManager,
      Reporter reporter) {
    this.resource = resource;
    this.sampler = sampler;
    this.limits = limits;
    this.clock = clock;
    this.propagator = propagator;
    this.binaryPropagator = BinaryPropagator.getInstance();
    this.scopeManager = scopeManager;
    this.reporter = reporter;
  }

  @Override
  public ScopeManager scopeManager() {
    return scopeManager;
  }

  @Override
  public Span activeSpan() {
    return scopeManager.activeSpan();
  }

  @Override
  public Scope activateSpan(Span span) {
    return scopeManager.activate(span);
  }

  /** A builder for a span named {@code operationName} ({@code null} becomes {@code ""}). */
  @Override
  public SpanBuilder buildSpan(String operationName) {
    if (operationName == null) {
      logMisuse("buildSpan: null operation name", null);
      operationName = "";
    }
    return new RingtraceSpanBuilder(this, operationName);
  }

  /**
   * Writes {@code spanContext} into the carrier. Supports {@code TEXT_MAP}, {@code HTTP_HEADERS}
   * and {@code TEXT_MAP_INJECT} with the configured propagator, {@code BINARY} and {@code
   * BINARY_INJECT} with the binary layout of {@link BinaryPropagator}. Anything else does nothing.
   */
  @Override
  public <C> void inject(SpanContext spanContext, Format<C> format, C carrier) {
    try {
      TraceContext context = RingtraceSpanBuilder.toTraceContext(spanContext);
      if (context == null || format == null || carrier == null) {
        logMisuse("inject: null or foreign context, null format or null carrier", format);
        return;
      }
      if (isTextFormat(format) && carrier instanceof TextMapInject) {
        propagator.inject(context, (TextMapInject) carrier, TEXT_MAP_SETTER);
      } else if (isBinaryFormat(format) && carrier instanceof BinaryInject) {
        ByteBuffer buffer =
            ((BinaryInject) carrier).injectionBuffer(binaryPropagator.encodedLength(context));
        if (!binaryPropagator.inject(context, buffer)) {
          logMisuse("inject: the binary carrier gave too small a buffer", format);
        }
      } else {
        logMisuse("inject: unsupported format or carrier", format);
      }
    } catch (Throwable t) { // the carrier is user code
      Throwables.propagateIfFatal(t);
      logMisuse("inject: the carrier threw", t);
    }
  }

  /**
   * Reads a context from the carrier, or answers {@code null} when it holds no valid one or the
   * format is not supported (see {@link #inject}).
   */
  @Override
  public <C> SpanContext extract(Format<C> format, C carrier) {
    try {
      if (format == null || carrier == null) return null;
      ExtractedContext extracted;
      if (isTextFormat(format) && carrier instanceof TextMapExtract) {
        extracted = propagator.extract((TextMapExtract) carrier);
      } else if (isBinaryFormat(format) && carrier instanceof BinaryExtract) {
        extracted = binaryPropagator.extract(((BinaryExtract) carrier).extractionBuffer());
      } else {
        logMisuse("extract: unsupported format or carrier", format);
        return null;
      }
      return extracted == null ? null : new RemoteSpanContext(extracted);
    } catch (Throwable t) { // the carrier is user code
      Throwables.propagateIfFatal(t);
      logMisuse("extract: the carrier threw", t);
      return null;
    }
  }

  private static boolean isTextFormat(Format<?> format) {
    return format == Format.Builtin.TEXT_MAP
        || format == Format.Builtin.HTTP_HEADERS
        || format == Format.Builtin.TEXT_MAP_INJECT
        || format == Format.Builtin.TEXT_MAP_EXTRACT;
  }

  private static boolean isBinaryFormat(Format<?> format) {
    return format == Format.Builtin.BINARY
        || format == Format.Builtin.BINARY_INJECT
        || format == Format.Builtin.BINARY_EXTRACT;
  }

  /**
   * Exports every span finished before the call.
   *
   * @return true if that completed within {@code timeout}
   */
  public boolean flush(Duration timeout) {
    try {
      return reporter.flush(timeout == null ? Duration.ZERO : timeout);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      LOG.warn("flush failed", t);
      return false;
    }
  }

  /** The reporter's counters as one consistent snapshot. */
  public ReporterMetrics metrics() {
    return reporter.metrics();
  }

  /** The service name this tracer reports as. */
  public String serviceName() {
    return resource.serviceName();
  }

  /** The service name and tracer tags every span carries. */
  public Resource resource() {
    return resource;
  }

  /** True once {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Stops the tracer: exports what is queued within the builder's {@code closeTimeout} (default
   * {@link #DEFAULT_CLOSE_TIMEOUT}), shuts the exporter down, ends the reporter thread and closes
   * the sampler if it is {@link AutoCloseable}. Spans finished later are dropped and counted.
   * Idempotent.
   */
  @Override
  public void close() {
    close(null);
  }

  /**
   * {@link #close()} with a deadline of your choice ({@code null}: the configured one); answers
   * whether everything was exported. The sampler is closed too when it is {@link AutoCloseable} (a
   * remote sampler stops polling): the tracer owns the sampler it was built with.
   */
  public boolean close(Duration timeout) {
    if (!closed.compareAndSet(false, true)) return true;
    try {
      return timeout == null ? reporter.close() : reporter.close(timeout);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      LOG.warn("close failed", t);
      return false;
    } finally {
      closeSampler();
    }
  }

  private void closeSampler() {
    if (!(sampler instanceof AutoCloseable)) return;
    try {
      ((AutoCloseable) sampler).close();
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      LOG.warn("closing the sampler failed", t);
    }
  }

  @Override
  public String toString() {
    return "RingtraceTracer{" + resource.serviceName() + ", sampler=" + sampler + '}';
  }

  // ---------------------------------------------------------------------------------------------

  void report(RingtraceSpan span) {
    try {
      reporter.report(span);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      logMisuse("the reporter threw", t);
    }
  }

  /** The span {@link RingtraceSpanBuilder#start()} falls back to if starting failed. */
  Span unsampledRoot(String operationName) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // odd, hence non-zero, and independent of each other
    RingtraceSpanContext ctx =
        new RingtraceSpanContext(
            random.nextLong(),
            random.nextLong() | 1,
            random.nextLong() | 1,
            0,
            0,
            null,
            RingtraceSpanContext.noBaggage());
    return new UnsampledSpan(this, ctx, operationName);
  }

  void logMisuse(String what, Object detail) {
    misuseLog.debug(what, detail);
  }

  /** Micros since the epoch to nanos, saturating instead of overflowing. */
  static long microsToNanos(long micros) {
    if (micros > Long.MAX_VALUE / 1000) return Long.MAX_VALUE;
    if (micros < 0) return 0;
    return micros * 1000;
  }
}
