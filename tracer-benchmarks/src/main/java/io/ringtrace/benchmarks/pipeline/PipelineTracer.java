/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.pipeline;

import brave.Tracing;
import brave.opentracing.BraveTracer;
import brave.propagation.B3Propagation;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.metrics.Counter;
import io.jaegertracing.internal.metrics.Gauge;
import io.jaegertracing.internal.metrics.Metrics;
import io.jaegertracing.internal.metrics.Timer;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.spi.MetricsFactory;
import io.jaegertracing.thrift.internal.senders.HttpSender;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentracing.Tracer;
import io.ringtrace.benchmarks.tracers.Tracers;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.reporter.http.OtlpHttpSpanExporter;
import io.ringtrace.reporter.http.ZipkinHttpSpanExporter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.InMemoryReporterMetrics;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * One tracer with its real HTTP exporter pointed at a {@link SpanSink}, every trace sampled, all
 * queue and batch settings at the library's defaults.
 *
 * <ul>
 *   <li>{@code ringtrace}: Ringtrace, default batching reporter, {@link OtlpHttpSpanExporter}
 *       (OTLP protobuf, gzip).
 *   <li>{@code ringtrace-uncompressed}: the same without compression (as the OpenTelemetry SDK's
 *       exporter sends by default).
 *   <li>{@code ringtrace-zipkin}: the same with {@link ZipkinHttpSpanExporter} (Zipkin v2
 *       proto3, gzip).
 *   <li>{@code otel}: the OpenTelemetry SDK behind its OpenTracing shim, BatchSpanProcessor, the
 *       SDK's OTLP/HTTP protobuf exporter (okhttp, no compression).
 *   <li>{@code brave}: Brave behind brave-opentracing, AsyncZipkinSpanHandler, URLConnectionSender
 *       (Zipkin v2 proto3, gzip).
 *   <li>{@code jaeger}: the Jaeger client with RemoteReporter and HttpSender (Thrift binary).
 * </ul>
 */
abstract class PipelineTracer {

  static final String[] ALL = {"ringtrace", "ringtrace-uncompressed", "otel", "brave", "jaeger"};

  final String name;

  PipelineTracer(String name) {
    this.name = name;
  }

  /** The OpenTracing face the producers use. */
  abstract Tracer tracer();

  /**
   * Flushes what is queued and closes; may block up to about {@code timeout} (twice that for
   * Brave: the flush loop, then its close timeout). The caller runs it
   * on a thread of its own and gives up waiting after the deadline.
   */
  abstract void shutdown(Duration timeout) throws Exception;

  /** Spans the tracer itself counted as dropped, or -1 when it does not expose a count. */
  abstract long droppedByTracer();

  /**
   * @param closeTimeout how long closing may wait for queued spans to be sent, for the tracers
   *     that take it as a setting (Brave's {@code closeTimeout}, 1 s by default, would otherwise
   *     close the sender under a request in flight)
   */
  static PipelineTracer create(String name, String baseUrl, Duration closeTimeout)
      throws Exception {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "ringtrace":
        return ringtrace(
            name,
            OtlpHttpSpanExporter.builder().endpoint(baseUrl + "/v1/traces").build());
      case "ringtrace-uncompressed":
        return ringtrace(
            name,
            OtlpHttpSpanExporter.builder()
                .endpoint(baseUrl + "/v1/traces")
                .compression("none")
                .build());
      case "ringtrace-zipkin":
        return ringtrace(
            name,
            ZipkinHttpSpanExporter.builder().endpoint(baseUrl + "/api/v2/spans").build());
      case "otel":
        return otel(name, baseUrl + "/v1/traces");
      case "brave":
        return brave(name, baseUrl + "/api/v2/spans", closeTimeout);
      case "jaeger":
        return jaeger(name, baseUrl + "/api/traces");
      default:
        throw new IllegalArgumentException("unknown tracer: " + name);
    }
  }

  // ---------------------------------------------------------------------------------------------

  static PipelineTracer ringtrace(String name, io.ringtrace.core.report.SpanExporter exporter) {
    RingtraceTracer tracer =
        Ringtrace.builder(Tracers.SERVICE).sampler(Sampler.alwaysOn()).exporter(exporter).build();
    return new PipelineTracer(name) {
      @Override
      Tracer tracer() {
        return tracer;
      }

      @Override
      void shutdown(Duration timeout) {
        tracer.close(timeout);
      }

      @Override
      long droppedByTracer() {
        return tracer.metrics().droppedTotal();
      }
    };
  }

  static PipelineTracer otel(String name, String endpoint) {
    io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter exporter =
        io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter.builder()
            .setEndpoint(endpoint)
            .build();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                AttributeKey.stringKey("service.name"), Tracers.SERVICE))))
            .setSampler(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOn())
            .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
            .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
    Tracer tracer = OpenTracingShim.createTracerShim(sdk);
    return new PipelineTracer(name) {
      @Override
      Tracer tracer() {
        return tracer;
      }

      @Override
      void shutdown(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        provider.forceFlush().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        sdk.shutdown().join(left, TimeUnit.MILLISECONDS);
      }

      @Override
      long droppedByTracer() {
        return -1; // only published through a MeterProvider
      }
    };
  }

  static PipelineTracer brave(String name, String endpoint, Duration closeTimeout) {
    InMemoryReporterMetrics metrics = new InMemoryReporterMetrics();
    URLConnectionSender sender =
        URLConnectionSender.newBuilder().endpoint(endpoint).encoding(Encoding.PROTO3).build();
    AsyncZipkinSpanHandler handler =
        AsyncZipkinSpanHandler.newBuilder(sender)
            .metrics(metrics)
            .closeTimeout(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .build();
    Tracing tracing =
        Tracing.newBuilder()
            .localServiceName(Tracers.SERVICE)
            .traceId128Bit(true)
            .sampler(brave.sampler.Sampler.ALWAYS_SAMPLE)
            .propagationFactory(B3Propagation.FACTORY)
            .addSpanHandler(handler)
            .build();
    Tracer tracer = BraveTracer.create(tracing);
    return new PipelineTracer(name) {
      @Override
      Tracer tracer() {
        return tracer;
      }

      @Override
      void shutdown(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        tracing.close();
        // close() drops what is still queued, so flush first. flush() sends one message's worth
        // and only then updates queuedSpans; repeat until empty.
        do {
          handler.flush();
        } while (metrics.queuedSpans() > 0 && System.nanoTime() < deadline);
        handler.close(); // waits up to closeTimeout for the message in flight
        sender.close();
      }

      @Override
      long droppedByTracer() {
        return metrics.spansDropped();
      }
    };
  }

  static PipelineTracer jaeger(String name, String endpoint) throws Exception {
    CountingMetricsFactory factory = new CountingMetricsFactory();
    Metrics metrics = new Metrics(factory);
    HttpSender sender = new HttpSender.Builder(endpoint).build();
    RemoteReporter reporter =
        new RemoteReporter.Builder().withSender(sender).withMetrics(metrics).build();
    JaegerTracer tracer =
        new JaegerTracer.Builder(Tracers.SERVICE)
            .withSampler(new ConstSampler(true))
            .withTraceId128Bit()
            .withMetrics(metrics)
            .withReporter(reporter)
            .build();
    return new PipelineTracer(name) {
      @Override
      Tracer tracer() {
        return tracer;
      }

      @Override
      void shutdown(Duration timeout) {
        tracer.close(); // closes the reporter: flushes the queue, then the sender
      }

      @Override
      long droppedByTracer() {
        return factory.dropped.sum();
      }
    };
  }

  /** Jaeger metrics that keep only the reporter's dropped-span counter. */
  static final class CountingMetricsFactory implements MetricsFactory {
    final LongAdder dropped = new LongAdder();

    @Override
    public Counter createCounter(String name, Map<String, String> tags) {
      if (name.endsWith("reporter_spans") && "dropped".equals(tags.get("result"))) {
        return dropped::add;
      }
      return delta -> {};
    }

    @Override
    public Timer createTimer(String name, Map<String, String> tags) {
      return micros -> {};
    }

    @Override
    public Gauge createGauge(String name, Map<String, String> tags) {
      return amount -> {};
    }
  }
}
