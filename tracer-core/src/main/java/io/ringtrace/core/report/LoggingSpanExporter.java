/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import io.ringtrace.core.FinishedSpan;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each span as one INFO line to the slf4j logger {@code
 * io.ringtrace.core.report.LoggingSpanExporter}: for development and debugging, not for
 * production traffic. While INFO is off for that logger it costs a level check per batch.
 *
 * <pre>
 * span 4bf92f3577b34da6a3ce929d0e0e4736 00f067aa0ba902b7 parent=- 'GET /home' 1532 us service=web tags={http.status_code=200}
 * </pre>
 *
 * <p>Thread-safe. After {@link #shutdown()}, batches fail with a permanent error.
 */
public final class LoggingSpanExporter implements SpanExporter {

  private static final Logger LOG = LoggerFactory.getLogger(LoggingSpanExporter.class);

  private final Logger logger;
  private volatile boolean shutdown;

  private LoggingSpanExporter(Logger logger) {
    this.logger = logger;
  }

  /** An exporter writing to the {@code io.ringtrace.core.report.LoggingSpanExporter} logger. */
  public static LoggingSpanExporter create() {
    return new LoggingSpanExporter(LOG);
  }

  /** An exporter writing to {@code logger}. */
  public static LoggingSpanExporter create(Logger logger) {
    if (logger == null) throw new NullPointerException("logger == null");
    return new LoggingSpanExporter(logger);
  }

  @Override
  public ExportResult export(List<FinishedSpan> spans) {
    if (shutdown) return ExportResult.failure(false, spans.size(), "exporter shut down");
    if (!logger.isInfoEnabled()) return ExportResult.success();
    StringBuilder line = new StringBuilder(160);
    for (int i = 0, n = spans.size(); i < n; i++) { // indexed: no iterator per batch
      line.setLength(0);
      logger.info(format(spans.get(i), line).toString());
    }
    return ExportResult.success();
  }

  /** The line written for {@code span}, appended to {@code out}. */
  static StringBuilder format(FinishedSpan span, StringBuilder out) {
    String parent = span.parentSpanId();
    out.append("span ")
        .append(span.traceId())
        .append(' ')
        .append(span.spanId())
        .append(" parent=")
        .append(parent == null ? "-" : parent)
        .append(" '")
        .append(span.operationName())
        .append("' ")
        .append((span.endEpochNanos() - span.startEpochNanos()) / 1000)
        .append(" us service=")
        .append(span.resource().serviceName());
    int tags = span.tagCount();
    if (tags > 0) {
      out.append(" tags={");
      for (int i = 0; i < tags; i++) {
        if (i > 0) out.append(", ");
        out.append(span.tagKey(i)).append('=').append(span.tagValue(i));
      }
      out.append('}');
    }
    int logs = span.logs().size();
    if (logs > 0) out.append(" logs=").append(logs);
    return out;
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public String toString() {
    return "LoggingSpanExporter{" + logger.getName() + '}';
  }
}
