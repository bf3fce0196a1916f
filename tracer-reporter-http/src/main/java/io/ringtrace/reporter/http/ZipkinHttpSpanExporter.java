/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.reporter.http.internal.BatchEncoder;
import io.ringtrace.reporter.http.internal.ZipkinJsonEncoder;
import io.ringtrace.reporter.http.internal.ZipkinProto3Encoder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports spans to a Zipkin server (or anything that takes Zipkin v2: {@code POST
 * /api/v2/spans}), as proto3 or JSON.
 *
 * <pre>{@code
 * SpanExporter zipkin = ZipkinHttpSpanExporter.builder()
 *     .endpoint("http://zipkin:9411/api/v2/spans")
 *     .build();
 * RingtraceTracer tracer = Ringtrace.builder("checkout").exporter(zipkin).build();
 * }</pre>
 *
 * <p>OpenTracing maps to Zipkin v2 as follows: {@code span.kind} gives the kind; the service
 * name is the local endpoint; {@code peer.service}, {@code peer.ipv4}, {@code peer.ipv6} and
 * {@code peer.port} make the remote endpoint ({@code peer.hostname} names it when there is no
 * {@code peer.service}); logs become annotations (the {@code event} field alone, else {@code
 * key=value} pairs); tags and the tracer's tags become string tags; {@code error=true} becomes
 * the {@code error} tag holding the error message. A trace id whose upper 64 bits are zero is
 * sent as 64 bits (16 hex chars). Zipkin lower-cases span and service names.
 *
 * <p>Sending is as for {@link OtlpHttpSpanExporter}: requests of at most {@link
 * Builder#maxRequestBytes} bytes, gzip unless turned off, retries with backoff on 429, 502, 503,
 * 504 and connection failures within the export timeout, other answers permanent, header values
 * never logged. Thread-safe, with batches encoded one at a time and sent concurrently, as there;
 * {@link #shutdown()} cancels the requests in flight and returns within a fraction of a second.
 */
public final class ZipkinHttpSpanExporter implements SpanExporter {

  /** The body format. */
  public enum Encoding {
    /** Zipkin v2 proto3 ({@code ListOfSpans}), {@code application/x-protobuf}. */
    PROTO3,
    /** Zipkin v2 JSON, {@code application/json}. */
    JSON
  }

  /** Default for {@link Builder#endpoint(String)}. */
  public static final String DEFAULT_ENDPOINT = "http://localhost:9411/api/v2/spans";

  /** Default for {@link Builder#encoding(Encoding)}. */
  public static final Encoding DEFAULT_ENCODING = Encoding.PROTO3;

  /** Default for {@link Builder#timeout(Duration)}, in milliseconds. */
  public static final long DEFAULT_TIMEOUT_MILLIS = HttpExporterConfig.DEFAULT_TIMEOUT_MILLIS;

  /** Default for {@link Builder#connectTimeout(Duration)}, in milliseconds. */
  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS =
      HttpExporterConfig.DEFAULT_CONNECT_TIMEOUT_MILLIS;

  /** Default for {@link Builder#compression(String)}. */
  public static final String DEFAULT_COMPRESSION = HttpExporterConfig.DEFAULT_COMPRESSION;

  /**
   * Default for {@link Builder#maxRequestBytes(int)}: 4 MiB (Zipkin's own limit is 10 MiB, above
   * which it answers 500).
   */
  public static final int DEFAULT_MAX_REQUEST_BYTES = HttpExporterConfig.DEFAULT_MAX_REQUEST_BYTES;

  /** Default for {@link Builder#maxAttempts(int)}. */
  public static final int DEFAULT_MAX_ATTEMPTS = HttpExporterConfig.DEFAULT_MAX_ATTEMPTS;

  /** Default for {@link Builder#initialBackoff(Duration)}, in milliseconds. */
  public static final long DEFAULT_INITIAL_BACKOFF_MILLIS =
      HttpExporterConfig.DEFAULT_INITIAL_BACKOFF_MILLIS;

  /** Default for {@link Builder#maxBackoff(Duration)}, in milliseconds. */
  public static final long DEFAULT_MAX_BACKOFF_MILLIS = HttpExporterConfig.DEFAULT_MAX_BACKOFF_MILLIS;

  private static final Logger LOG = LoggerFactory.getLogger(ZipkinHttpSpanExporter.class);

  private final HttpExporter http;
  private final String description;

  private ZipkinHttpSpanExporter(HttpExporterConfig config, Encoding encoding) {
    BatchEncoder encoder =
        encoding == Encoding.JSON ? new ZipkinJsonEncoder() : new ZipkinProto3Encoder();
    this.http = new HttpExporter("zipkin", config, encoder, null, LOG);
    this.description =
        "ZipkinHttpSpanExporter{endpoint="
            + http.printableEndpoint()
            + ", encoding="
            + encoding
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

  /** Shows the endpoint, encoding, compression and header names; never header values. */
  @Override
  public String toString() {
    return description;
  }

  /**
   * Configures an {@link ZipkinHttpSpanExporter}. Setters check their argument at once and throw
   * {@link IllegalArgumentException} or {@link NullPointerException} naming the setting and the
   * bad value (never a header value); {@link #build()} checks the settings together. Not
   * thread-safe.
   */
  public static final class Builder {
    private final HttpExporterConfig config = new HttpExporterConfig(DEFAULT_ENDPOINT);
    private Encoding encoding = DEFAULT_ENCODING;

    Builder() {}

    /**
     * The full URL requests go to, path included. Default {@value
     * ZipkinHttpSpanExporter#DEFAULT_ENDPOINT}. {@code https} URLs are checked against the JDK's
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

    /** {@code gzip} or {@code none}. Default {@value ZipkinHttpSpanExporter#DEFAULT_COMPRESSION}. */
    public Builder compression(String compression) {
      config.compression(compression);
      return this;
    }

    /**
     * How long one export may take, all its requests and retries included (the request timeout).
     * Default {@value ZipkinHttpSpanExporter#DEFAULT_TIMEOUT_MILLIS} ms.
     */
    public Builder timeout(Duration timeout) {
      config.timeout(timeout);
      return this;
    }

    /**
     * How long opening a connection may take (never longer than {@link #timeout}). Default
     * {@value ZipkinHttpSpanExporter#DEFAULT_CONNECT_TIMEOUT_MILLIS} ms.
     */
    public Builder connectTimeout(Duration connectTimeout) {
      config.connectTimeout(connectTimeout);
      return this;
    }

    /**
     * The largest request body, before compression, in bytes; at least 1024. Batches are split to
     * stay under it; a span too large on its own has its longest values truncated, or is dropped
     * and counted. Default {@value ZipkinHttpSpanExporter#DEFAULT_MAX_REQUEST_BYTES}.
     */
    public Builder maxRequestBytes(int maxRequestBytes) {
      config.maxRequestBytes(maxRequestBytes);
      return this;
    }

    /**
     * How many times a request is sent at most, the first time included; 1 turns retries off.
     * Default {@value ZipkinHttpSpanExporter#DEFAULT_MAX_ATTEMPTS}.
     */
    public Builder maxAttempts(int maxAttempts) {
      config.maxAttempts(maxAttempts);
      return this;
    }

    /**
     * The wait before the first retry (with jitter: between half of it and all of it); each
     * further wait is 1.5 times longer, up to {@link #maxBackoff}. A {@code Retry-After} from the
     * collector replaces it. Default {@value ZipkinHttpSpanExporter#DEFAULT_INITIAL_BACKOFF_MILLIS}
     * ms.
     */
    public Builder initialBackoff(Duration initialBackoff) {
      config.initialBackoff(initialBackoff);
      return this;
    }

    /** The longest wait between retries. Default {@value ZipkinHttpSpanExporter#DEFAULT_MAX_BACKOFF_MILLIS} ms. */
    public Builder maxBackoff(Duration maxBackoff) {
      config.maxBackoff(maxBackoff);
      return this;
    }

    /**
     * The body format: {@link Encoding#PROTO3} ({@code application/x-protobuf}) or {@link
     * Encoding#JSON} (Zipkin v2 JSON). Default {@link Encoding#PROTO3}.
     */
    public Builder encoding(Encoding encoding) {
      if (encoding == null) throw new NullPointerException("encoding == null");
      this.encoding = encoding;
      return this;
    }

    /** For tests: clocks and sleeping. */
    Builder time(Time time) {
      config.time = time;
      return this;
    }

    /** A new exporter; it owns an HTTP client until {@link ZipkinHttpSpanExporter#shutdown()}. */
    public ZipkinHttpSpanExporter build() {
      return new ZipkinHttpSpanExporter(config, encoding);
    }
  }
}
