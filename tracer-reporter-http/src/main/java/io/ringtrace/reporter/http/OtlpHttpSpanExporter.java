/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.reporter.http.internal.OtlpTraceEncoder;
import io.ringtrace.reporter.http.internal.OtlpTraceResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports spans to an OpenTelemetry collector, Jaeger or Grafana Tempo over OTLP/HTTP with
 * protobuf bodies ({@code POST /v1/traces}, {@code application/x-protobuf}).
 *
 * <pre>{@code
 * SpanExporter otlp = OtlpHttpSpanExporter.builder()
 *     .endpoint("https://collector.example.com:4318/v1/traces")
 *     .header("Authorization", "Bearer " + token)
 *     .build();
 * RingtraceTracer tracer = Ringtrace.builder("checkout").exporter(otlp).build();
 * }</pre>
 *
 * <p>Each batch is encoded straight into a reused buffer, split into requests of at most {@link
 * Builder#maxRequestBytes} bytes, gzip-compressed (unless turned off) and POSTed; transient
 * failures (429, 502, 503, 504, connection refused or reset, timeouts) are retried with
 * exponential backoff and jitter, honouring {@code Retry-After}, within the {@link
 * Builder#timeout} of the export; other answers are permanent. A collector's partial success
 * ({@code rejected_spans}) is reported in the {@link ExportResult}. Header values are never
 * logged. See {@link OtlpTraceEncoder} for how spans map to OTLP.
 *
 * <p>Thread-safe. Batches are encoded one at a time (the encoder's buffers are reused), but not
 * sent one at a time: {@link #exportAsync} returns once its batch is encoded, and its requests go
 * out on one of a few sender threads, so that several batches may be on the wire at once (the
 * reporter keeps at most {@code maxConcurrentExports} open); {@link #export} sends on the calling
 * thread. {@link #shutdown()} may be called from any thread at any time: it cancels the requests
 * in flight and returns within a fraction of a second.
 */
public final class OtlpHttpSpanExporter implements SpanExporter {

  /** Default for {@link Builder#endpoint(String)}. */
  public static final String DEFAULT_ENDPOINT = "http://localhost:4318/v1/traces";

  /** Default for {@link Builder#timeout(Duration)}, in milliseconds. */
  public static final long DEFAULT_TIMEOUT_MILLIS = HttpExporterConfig.DEFAULT_TIMEOUT_MILLIS;

  /** Default for {@link Builder#connectTimeout(Duration)}, in milliseconds. */
  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS =
      HttpExporterConfig.DEFAULT_CONNECT_TIMEOUT_MILLIS;

  /** Default for {@link Builder#compression(String)}. */
  public static final String DEFAULT_COMPRESSION = HttpExporterConfig.DEFAULT_COMPRESSION;

  /** Default for {@link Builder#maxRequestBytes(int)}: 4 MiB. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = HttpExporterConfig.DEFAULT_MAX_REQUEST_BYTES;

  /** Default for {@link Builder#maxAttempts(int)}. */
  public static final int DEFAULT_MAX_ATTEMPTS = HttpExporterConfig.DEFAULT_MAX_ATTEMPTS;

  /** Default for {@link Builder#initialBackoff(Duration)}, in milliseconds. */
  public static final long DEFAULT_INITIAL_BACKOFF_MILLIS =
      HttpExporterConfig.DEFAULT_INITIAL_BACKOFF_MILLIS;

  /** Default for {@link Builder#maxBackoff(Duration)}, in milliseconds. */
  public static final long DEFAULT_MAX_BACKOFF_MILLIS = HttpExporterConfig.DEFAULT_MAX_BACKOFF_MILLIS;

  private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpSpanExporter.class);

  private final HttpExporter http;
  private final String description;

  private OtlpHttpSpanExporter(HttpExporterConfig config) {
    this.http =
        new HttpExporter(
            "otlp", config, new OtlpTraceEncoder(), OtlpTraceResponse::rejectedSpans, LOG);
    this.description =
        "OtlpHttpSpanExporter{endpoint="
            + http.printableEndpoint()
            + ", compression="
            + (config.gzip ? "gzip" : "none")
            + ", headers="
            + config.headerNames()
            + '}';
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends the batch, in as many requests as its size needs; returns once every request was
   * delivered or given up, within the export timeout. Never throws.
   */
  @Override
  public ExportResult export(List<FinishedSpan> spans) {
    return http.export(spans);
  }

  /**
   * Encodes the batch on the calling thread and returns; the requests go out on a sender thread
   * and the future completes when they are delivered or given up, within the export timeout, or
   * at once when the exporter shuts down. Never throws.
   */
  @Override
  public CompletableFuture<ExportResult> exportAsync(List<FinishedSpan> spans) {
    return http.exportAsync(spans);
  }

  /**
   * Cancels a request in flight, stops retries, stops this exporter's threads and its HTTP client,
   * and frees the buffers. Waits a fraction of a second at most for those threads to end (before
   * Java 21 the client's selector thread ends a little later, once the client is garbage
   * collected). Idempotent.
   */
  @Override
  public void shutdown() {
    http.shutdown();
  }

  /** Shows the endpoint, compression and header names; never header values. */
  @Override
  public String toString() {
    return description;
  }

  /**
   * Configures an {@link OtlpHttpSpanExporter}. Setters check their argument at once and throw
   * {@link IllegalArgumentException} or {@link NullPointerException} naming the setting and the
   * bad value (never a header value); {@link #build()} checks the settings together. Not
   * thread-safe.
   */
  public static final class Builder {
    private final HttpExporterConfig config = new HttpExporterConfig(DEFAULT_ENDPOINT);

    Builder() {}

    /**
     * The full URL requests go to, path included. Default {@value
     * OtlpHttpSpanExporter#DEFAULT_ENDPOINT}. {@code https} URLs are checked against the JDK's
     * trust store.
     */
    public Builder endpoint(String endpoint) {
      config.endpoint(endpoint);
      return this;
    }

    /** As {@link #endpoint(String)}. */
    public Builder endpoint(URI endpoint) {
      config.endpoint(endpoint);
      return this;
    }

    /**
     * A header sent with every request, such as {@code Authorization} or a tenant id; setting a
     * name again replaces its value. Values are never logged nor shown by {@code toString()}.
     */
    public Builder header(String name, String value) {
      config.header(name, value);
      return this;
    }

    /** {@link #header(String, String)} for each entry. */
    public Builder headers(Map<String, String> headers) {
      if (headers == null) throw new NullPointerException("headers == null");
      headers.forEach(config::header);
      return this;
    }

    /** {@code gzip} or {@code none}. Default {@value OtlpHttpSpanExporter#DEFAULT_COMPRESSION}. */
    public Builder compression(String compression) {
      config.compression(compression);
      return this;
    }

    /**
     * How long one export may take, all its requests and retries included (the request timeout).
     * Default {@value OtlpHttpSpanExporter#DEFAULT_TIMEOUT_MILLIS} ms.
     */
    public Builder timeout(Duration timeout) {
      config.timeout(timeout);
      return this;
    }

    /**
     * How long opening a connection may take (never longer than {@link #timeout}). Default
     * {@value OtlpHttpSpanExporter#DEFAULT_CONNECT_TIMEOUT_MILLIS} ms.
     */
    public Builder connectTimeout(Duration connectTimeout) {
      config.connectTimeout(connectTimeout);
      return this;
    }

    /**
     * The largest request body, before compression, in bytes; at least 1024. Batches are split to
     * stay under it; a span too large on its own has its longest values truncated, or is dropped
     * and counted. Default {@value OtlpHttpSpanExporter#DEFAULT_MAX_REQUEST_BYTES}.
     */
    public Builder maxRequestBytes(int maxRequestBytes) {
      config.maxRequestBytes(maxRequestBytes);
      return this;
    }

    /**
     * How many times a request is sent at most, the first time included; 1 turns retries off.
     * Default {@value OtlpHttpSpanExporter#DEFAULT_MAX_ATTEMPTS}.
     */
    public Builder maxAttempts(int maxAttempts) {
      config.maxAttempts(maxAttempts);
      return this;
    }

    /**
     * The wait before the first retry (with jitter: between half of it and all of it); each
     * further wait is 1.5 times longer, up to {@link #maxBackoff}. A {@code Retry-After} from the
     * collector replaces it. Default {@value OtlpHttpSpanExporter#DEFAULT_INITIAL_BACKOFF_MILLIS}
     * ms.
     */
    public Builder initialBackoff(Duration initialBackoff) {
      config.initialBackoff(initialBackoff);
      return this;
    }

    /** The longest wait between retries. Default {@value OtlpHttpSpanExporter#DEFAULT_MAX_BACKOFF_MILLIS} ms. */
    public Builder maxBackoff(Duration maxBackoff) {
      config.maxBackoff(maxBackoff);
      return this;
    }

    /** For tests: clocks and sleeping. */
    Builder time(Time time) {
      config.time = time;
      return this;
    }

    /** A new exporter; it owns an HTTP client until {@link OtlpHttpSpanExporter#shutdown()}. */
    public OtlpHttpSpanExporter build() {
      return new OtlpHttpSpanExporter(config);
    }
  }
}
