/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.internal.ring.MpscRing;
import java.time.Duration;

/**
 * The options of a {@link BatchingReporter}, immutable: the one place where each is defined, with
 * its default and its validation. {@link BatchingReporter.Builder} and the tracer builder both
 * keep one and replace it with each setter; the option names follow OpenTelemetry's batch span
 * processor ({@code OTEL_BSP_*}).
 *
 * <p>Each {@code with} method answers a copy with one option changed, after checking the value:
 * it throws {@link IllegalArgumentException} or {@link NullPointerException} naming the option.
 * Options that depend on each other ({@code maxExportBatchSize <= maxQueueSize}) are checked when
 * the reporter is built. Thread-safe, as immutable objects are.
 */
public final class ReporterConfig {

  /**
   * Default {@link #withMaxQueueSize}: {@value} spans (OTEL_BSP_MAX_QUEUE_SIZE); four batches, so
   * that the queue absorbs bursts while a batch is on the wire.
   */
  public static final int DEFAULT_MAX_QUEUE_SIZE = 16384;

  /**
   * Default {@link #withMaxExportBatchSize}: {@value} spans (OTEL_BSP_MAX_EXPORT_BATCH_SIZE), or
   * the queue size if that is smaller. An export costs a round trip whatever its size; under load,
   * batches this large deliver about four times the spans per second that batches of 512 do (see
   * docs/performance.md).
   */
  public static final int DEFAULT_MAX_EXPORT_BATCH_SIZE = 4096;

  /** Default {@link #withScheduleDelay}: {@value} ms (OTEL_BSP_SCHEDULE_DELAY). */
  public static final long DEFAULT_SCHEDULE_DELAY_MILLIS = 1000;

  /** Default {@link #withExportTimeout}: {@value} ms (OTEL_BSP_EXPORT_TIMEOUT). */
  public static final long DEFAULT_EXPORT_TIMEOUT_MILLIS = 30_000;

  /**
   * Default {@link #withMaxConcurrentExports}: {@value}. With two batches on the wire while the
   * reporter thread encodes a third, the pipeline benchmark delivered about half again as many
   * spans per second as with one export at a time.
   */
  public static final int DEFAULT_MAX_CONCURRENT_EXPORTS = 2;

  /**
   * Default {@link #withCloseTimeout}: {@value} ms, for the reporter's and the tracer's {@code
   * close()} alike.
   */
  public static final long DEFAULT_CLOSE_TIMEOUT_MILLIS = 5000;

  /** {@link #DEFAULT_CLOSE_TIMEOUT_MILLIS} as a duration. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofMillis(DEFAULT_CLOSE_TIMEOUT_MILLIS);

  /** How often, at most, a WARN line reports dropped spans: {@value} ms. */
  public static final long DEFAULT_DROP_LOG_INTERVAL_MILLIS = 60_000;

  /** The service name of a reporter nobody named. */
  static final String DEFAULT_SERVICE_NAME = "unknown_service";

  private static final ReporterConfig DEFAULTS = new ReporterConfig(new Values(null));

  private final String serviceName;
  private final int maxQueueSize;
  private final int maxExportBatchSize; // 0: the default, or the queue size if that is smaller
  private final int maxConcurrentExports;
  private final Duration scheduleDelay;
  private final Duration exportTimeout;
  private final Duration closeTimeout;
  private final Duration dropLogInterval;
  private final boolean registerShutdownHook;

  private ReporterConfig(Values v) {
    this.serviceName = v.serviceName;
    this.maxQueueSize = v.maxQueueSize;
    this.maxExportBatchSize = v.maxExportBatchSize;
    this.maxConcurrentExports = v.maxConcurrentExports;
    this.scheduleDelay = v.scheduleDelay;
    this.exportTimeout = v.exportTimeout;
    this.closeTimeout = v.closeTimeout;
    this.dropLogInterval = v.dropLogInterval;
    this.registerShutdownHook = v.registerShutdownHook;
  }

  /** A mutable copy of the options, for one {@code with} method to change one of them. */
  private static final class Values {
    String serviceName = DEFAULT_SERVICE_NAME;
    int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
    int maxExportBatchSize;
    int maxConcurrentExports = DEFAULT_MAX_CONCURRENT_EXPORTS;
    Duration scheduleDelay = Duration.ofMillis(DEFAULT_SCHEDULE_DELAY_MILLIS);
    Duration exportTimeout = Duration.ofMillis(DEFAULT_EXPORT_TIMEOUT_MILLIS);
    Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    Duration dropLogInterval = Duration.ofMillis(DEFAULT_DROP_LOG_INTERVAL_MILLIS);
    boolean registerShutdownHook;

    /** The values of {@code c}, or the defaults if it is null. */
    Values(ReporterConfig c) {
      if (c == null) return;
      serviceName = c.serviceName;
      maxQueueSize = c.maxQueueSize;
      maxExportBatchSize = c.maxExportBatchSize;
      maxConcurrentExports = c.maxConcurrentExports;
      scheduleDelay = c.scheduleDelay;
      exportTimeout = c.exportTimeout;
      closeTimeout = c.closeTimeout;
      dropLogInterval = c.dropLogInterval;
      registerShutdownHook = c.registerShutdownHook;
    }
  }

  /** Every option at its default. */
  public static ReporterConfig defaults() {
    return DEFAULTS;
  }

  /**
   * Names the reporter thread, {@code ringtrace-reporter-<serviceName>}, and log lines. Default
   * {@code unknown_service}.
   */
  public ReporterConfig withServiceName(String serviceName) {
    if (serviceName == null) throw new NullPointerException("serviceName == null");
    Values v = new Values(this);
    v.serviceName = serviceName;
    return new ReporterConfig(v);
  }

  /**
   * Spans the queue holds, rounded up to a power of two; when it is full, finished spans are
   * dropped and counted, never waited for. In {@code [1, 2^30]}. Default {@value
   * #DEFAULT_MAX_QUEUE_SIZE}.
   */
  public ReporterConfig withMaxQueueSize(int maxQueueSize) {
    if (maxQueueSize < 1 || maxQueueSize > MpscRing.MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "maxQueueSize must be in [1, " + MpscRing.MAX_CAPACITY + "]: " + maxQueueSize);
    }
    Values v = new Values(this);
    v.maxQueueSize = maxQueueSize;
    return new ReporterConfig(v);
  }

  /**
   * Most spans per export; a batch this full is exported at once. At least 1 and at most {@link
   * #withMaxQueueSize maxQueueSize}. Default {@value #DEFAULT_MAX_EXPORT_BATCH_SIZE}, or the queue
   * size if that is smaller.
   */
  public ReporterConfig withMaxExportBatchSize(int maxExportBatchSize) {
    if (maxExportBatchSize < 1) {
      throw new IllegalArgumentException("maxExportBatchSize must be >= 1: " + maxExportBatchSize);
    }
    Values v = new Values(this);
    v.maxExportBatchSize = maxExportBatchSize;
    return new ReporterConfig(v);
  }

  /**
   * Most exports open at once: handed to an exporter that answered before its batch was delivered
   * (see {@link SpanExporter#exportAsync}), so that the reporter prepares the next batch while
   * these travel. At least 1 (one export at a time). Default {@value
   * #DEFAULT_MAX_CONCURRENT_EXPORTS}.
   */
  public ReporterConfig withMaxConcurrentExports(int maxConcurrentExports) {
    if (maxConcurrentExports < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentExports must be >= 1: " + maxConcurrentExports);
    }
    Values v = new Values(this);
    v.maxConcurrentExports = maxConcurrentExports;
    return new ReporterConfig(v);
  }

  /**
   * Longest time a span waits for its batch to fill: after it, what there is gets exported.
   * Positive. Default {@value #DEFAULT_SCHEDULE_DELAY_MILLIS} ms.
   */
  public ReporterConfig withScheduleDelay(Duration scheduleDelay) {
    Values v = new Values(this);
    v.scheduleDelay = positive(scheduleDelay, "scheduleDelay");
    return new ReporterConfig(v);
  }

  /**
   * How long one export may take before the reporter thread is interrupted. Checked when a span
   * is dropped for a full queue: an export that overruns while the queue has room harms nobody
   * yet. Exporters should enforce their own, shorter timeouts too. Positive. Default {@value
   * #DEFAULT_EXPORT_TIMEOUT_MILLIS} ms.
   */
  public ReporterConfig withExportTimeout(Duration exportTimeout) {
    Values v = new Values(this);
    v.exportTimeout = positive(exportTimeout, "exportTimeout");
    return new ReporterConfig(v);
  }

  /**
   * How long the reporter's {@code close()} (and therefore {@code RingtraceTracer.close()} and the
   * shutdown hook) waits for queued spans to be exported. Zero or positive. Default {@value
   * #DEFAULT_CLOSE_TIMEOUT_MILLIS} ms.
   */
  public ReporterConfig withCloseTimeout(Duration closeTimeout) {
    if (closeTimeout == null) throw new NullPointerException("closeTimeout == null");
    if (closeTimeout.isNegative()) {
      throw new IllegalArgumentException("closeTimeout must not be negative: " + closeTimeout);
    }
    Values v = new Values(this);
    v.closeTimeout = closeTimeout;
    return new ReporterConfig(v);
  }

  /**
   * Whether to register a JVM shutdown hook that closes the reporter (exporting what is queued);
   * the reporter's {@code close()} removes it again. Default {@code false}.
   */
  public ReporterConfig withRegisterShutdownHook(boolean registerShutdownHook) {
    Values v = new Values(this);
    v.registerShutdownHook = registerShutdownHook;
    return new ReporterConfig(v);
  }

  /** For tests: how often, at most, dropped spans are logged. */
  ReporterConfig withDropLogInterval(Duration dropLogInterval) {
    if (dropLogInterval == null) throw new NullPointerException("dropLogInterval == null");
    Values v = new Values(this);
    v.dropLogInterval = dropLogInterval;
    return new ReporterConfig(v);
  }

  /** The reporter thread's and log lines' service name. */
  public String serviceName() {
    return serviceName;
  }

  /** Spans the queue holds, before rounding up to a power of two. */
  public int maxQueueSize() {
    return maxQueueSize;
  }

  /** Most spans per export: as set, else the default or the queue size if that is smaller. */
  public int maxExportBatchSize() {
    return maxExportBatchSize == 0
        ? Math.min(DEFAULT_MAX_EXPORT_BATCH_SIZE, maxQueueSize)
        : maxExportBatchSize;
  }

  /** Most exports open at once. */
  public int maxConcurrentExports() {
    return maxConcurrentExports;
  }

  /** Longest time a span waits for its batch to fill. */
  public Duration scheduleDelay() {
    return scheduleDelay;
  }

  /** How long one export may take before the reporter thread is interrupted. */
  public Duration exportTimeout() {
    return exportTimeout;
  }

  /** How long {@code close()} waits for queued spans to be exported. */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** Whether a JVM shutdown hook closes the reporter. */
  public boolean registerShutdownHook() {
    return registerShutdownHook;
  }

  Duration dropLogInterval() {
    return dropLogInterval;
  }

  /**
   * Checks the options against each other.
   *
   * @throws IllegalArgumentException if {@code maxExportBatchSize} was set above {@code
   *     maxQueueSize}
   */
  ReporterConfig checkConsistent() {
    if (maxExportBatchSize() > maxQueueSize) {
      throw new IllegalArgumentException(
          "maxExportBatchSize must not exceed maxQueueSize: "
              + maxExportBatchSize
              + " > "
              + maxQueueSize);
    }
    return this;
  }

  /** Nanos of a duration, in {@code [0, Long.MAX_VALUE / 2]} so that deadlines never overflow. */
  static long saturatedNanos(Duration d) {
    if (d.isNegative()) return 0;
    if (d.compareTo(Duration.ofDays(365 * 100)) > 0) return Long.MAX_VALUE / 2;
    return Math.min(d.toNanos(), Long.MAX_VALUE / 2);
  }

  private static Duration positive(Duration d, String name) {
    if (d == null) throw new NullPointerException(name + " == null");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }

  @Override
  public String toString() {
    return "ReporterConfig{serviceName="
        + serviceName
        + ", maxQueueSize="
        + maxQueueSize
        + ", maxExportBatchSize="
        + maxExportBatchSize()
        + ", maxConcurrentExports="
        + maxConcurrentExports
        + ", scheduleDelay="
        + scheduleDelay
        + ", exportTimeout="
        + exportTimeout
        + ", closeTimeout="
        + closeTimeout
        + ", registerShutdownHook="
        + registerShutdownHook
        + '}';
  }
}
