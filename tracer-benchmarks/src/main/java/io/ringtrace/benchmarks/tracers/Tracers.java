/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.tracers;

import brave.Tracing;
import brave.opentracing.BraveTracer;
import brave.propagation.B3Propagation;
import brave.sampler.Sampler;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.propagation.B3TextMapCodec;
import io.jaegertracing.internal.propagation.TextMapCodec;
import io.jaegertracing.internal.propagation.TraceContextCodec;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.internal.exceptions.SenderException;
import io.jaegertracing.thrift.internal.senders.ThriftSender;
import io.jaegertracing.thrift.internal.senders.ThriftSenderBase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.extension.trace.propagation.JaegerPropagator;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentracing.Tracer;
import io.opentracing.noop.NoopTracerFactory;
import io.opentracing.propagation.Format;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;

/**
 * Builds each tracer the way a production service would run it, except that its exporter encodes
 * every batch for real and then throws the bytes away: the benchmarks measure tracer + queue +
 * encoding, not the network.
 *
 * <ul>
 *   <li>{@code ringtrace}: Ringtrace with its default reporter.
 *   <li>{@code otel}: the OpenTelemetry SDK behind its OpenTracing shim, BatchSpanProcessor,
 *       OTLP protobuf marshalling.
 *   <li>{@code brave}: Brave behind brave-opentracing, zipkin-reporter's AsyncReporter, Zipkin
 *       proto3 encoding.
 *   <li>{@code jaeger}: the Jaeger client 1.8.1 with RemoteReporter and its Thrift sender's
 *       encoding.
 *   <li>{@code noop}: OpenTracing's NoopTracer, the floor.
 * </ul>
 *
 * Propagation formats: {@code w3c}, {@code b3} (B3 multi-header) and {@code jaeger}
 * (uber-trace-id). A tracer that cannot speak a format answers {@code null}.
 */
public final class Tracers {

  public static final String SERVICE = "bench";

  private Tracers() {}

  /**
   * @param name ringtrace, otel, brave, jaeger or noop
   * @param sampled whether every trace is sampled, or none
   * @param format w3c, b3 or jaeger
   * @return the tracer, or {@code null} if it does not support {@code format}
   */
  public static TracerUnderTest create(String name, boolean sampled, String format) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "ringtrace":
        return RingtraceTracers.create(sampled, format);
      case "otel":
        return otel(sampled, format);
      case "brave":
        return brave(sampled, format);
      case "jaeger":
        return jaeger(sampled, format);
      case "noop":
        return simple(NoopTracerFactory.create(), () -> {});
      default:
        throw new IllegalArgumentException("unknown tracer: " + name);
    }
  }

  static TracerUnderTest simple(Tracer tracer, Runnable close) {
    return new TracerUnderTest() {
      @Override
      public Tracer tracer() {
        return tracer;
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }

  // ---------------------------------------------------------------------------------------------
  // OpenTelemetry

  static TracerUnderTest otel(boolean sampled, String format) {
    TextMapPropagator propagator;
    switch (format) {
      case "w3c":
        propagator = W3CTraceContextPropagator.getInstance();
        break;
      case "b3":
        propagator = B3Propagator.injectingMultiHeaders();
        break;
      case "jaeger":
        propagator = JaegerPropagator.getInstance();
        break;
      default:
        return null;
    }
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(AttributeKey.stringKey("service.name"), SERVICE))))
            .setSampler(
                sampled
                    ? io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOn()
                    : io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOff())
            .addSpanProcessor(BatchSpanProcessor.builder(new OtlpEncodingDiscardExporter()).build())
            .build();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(provider)
            .setPropagators(ContextPropagators.create(propagator))
            .build();
    return simple(OpenTracingShim.createTracerShim(sdk), sdk::close);
  }

  /** Marshals each batch to OTLP protobuf, as the OTLP exporters do, and discards the bytes. */
  static final class OtlpEncodingDiscardExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      try {
        TraceRequestMarshaler.create(spans).writeBinaryTo(DiscardOutputStream.INSTANCE);
      } catch (IOException e) {
        return CompletableResultCode.ofFailure();
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Brave

  static TracerUnderTest brave(boolean sampled, String format) {
    if (!format.equals("b3")) return null; // brave core speaks B3 only
    AsyncZipkinSpanHandler handler =
        AsyncZipkinSpanHandler.newBuilder(new DiscardSender()).build();
    Tracing tracing =
        Tracing.newBuilder()
            .localServiceName(SERVICE)
            .traceId128Bit(true)
            .sampler(sampled ? Sampler.ALWAYS_SAMPLE : Sampler.NEVER_SAMPLE)
            .propagationFactory(B3Propagation.FACTORY)
            .addSpanHandler(handler)
            .build();
    return simple(
        BraveTracer.create(tracing),
        () -> {
          tracing.close();
          handler.close();
        });
  }

  /** A zipkin-reporter sender that takes proto3-encoded messages and drops them. */
  static final class DiscardSender implements BytesMessageSender {
    @Override
    public Encoding encoding() {
      return Encoding.PROTO3;
    }

    @Override
    public int messageMaxBytes() {
      return 5 * 1024 * 1024;
    }

    @Override
    public int messageSizeInBytes(List<byte[]> encodedSpans) {
      return encoding().listSizeInBytes(encodedSpans);
    }

    @Override
    public int messageSizeInBytes(int encodedSizeInBytes) {
      return encoding().listSizeInBytes(encodedSizeInBytes);
    }

    @Override
    public void send(List<byte[]> encodedSpans) {
      encoding().encode(encodedSpans); // build the message body, as a real sender would
    }

    @Override
    public void close() {}
  }

  // ---------------------------------------------------------------------------------------------
  // Jaeger

  static TracerUnderTest jaeger(boolean sampled, String format) {
    JaegerTracer.Builder builder =
        new JaegerTracer.Builder(SERVICE)
            .withSampler(new ConstSampler(sampled))
            .withTraceId128Bit()
            .withReporter(new RemoteReporter.Builder().withSender(newDiscardSender()).build());
    switch (format) {
      case "w3c":
        TraceContextCodec w3c = new TraceContextCodec.Builder().build();
        builder.registerInjector(Format.Builtin.HTTP_HEADERS, w3c);
        builder.registerExtractor(Format.Builtin.HTTP_HEADERS, w3c);
        break;
      case "b3":
        B3TextMapCodec b3 = new B3TextMapCodec.Builder().build();
        builder.registerInjector(Format.Builtin.HTTP_HEADERS, b3);
        builder.registerExtractor(Format.Builtin.HTTP_HEADERS, b3);
        break;
      case "jaeger":
        TextMapCodec uber = new TextMapCodec.Builder().withUrlEncoding(true).build();
        builder.registerInjector(Format.Builtin.HTTP_HEADERS, uber);
        builder.registerExtractor(Format.Builtin.HTTP_HEADERS, uber);
        break;
      default:
        return null;
    }
    JaegerTracer tracer = builder.build();
    return simple(tracer, tracer::close);
  }

  /** The Jaeger Thrift sender, which encodes each span as it is appended, minus the socket. */
  static ThriftSender newDiscardSender() {
    try {
      return new ThriftSender(ThriftSenderBase.ProtocolType.Compact, 1024 * 1024) {
        @Override
        public void send(
            io.jaegertracing.thriftjava.Process process,
            List<io.jaegertracing.thriftjava.Span> spans)
            throws SenderException {
          // append() already serialised every span to compute its size; nothing to send.
        }
      };
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Counts nothing, keeps nothing. */
  static final class DiscardOutputStream extends OutputStream {
    static final DiscardOutputStream INSTANCE = new DiscardOutputStream();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
