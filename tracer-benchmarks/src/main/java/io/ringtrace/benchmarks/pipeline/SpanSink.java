/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.pipeline;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jaegertracing.thriftjava.Batch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.protocol.TBinaryProtocol;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A collector stand-in on 127.0.0.1 that decodes what each tracer sends and counts the spans.
 *
 * <p>{@link Decoding#FULL} decodes every request with the official decoders:
 *
 * <ul>
 *   <li>{@code POST /v1/traces}: OTLP/HTTP protobuf, parsed with the opentelemetry-proto classes.
 *   <li>{@code POST /api/v2/spans}: Zipkin v2, proto3 or JSON (by {@code Content-Type}), with
 *       zipkin2's {@code SpanBytesDecoder}.
 *   <li>{@code POST /api/traces}: a Jaeger Thrift {@code Batch} (binary protocol), with libthrift.
 * </ul>
 *
 * <p>{@link Decoding#WALK} walks the wire format instead of building messages: protobuf bodies
 * with {@link WireWalker} (every field of every span bounds-checked, ids of the right length), a
 * Thrift batch with libthrift's protocol reader, each span struct skipped field by field. Zipkin
 * JSON is always decoded in full. Full decoding costs the sink one to two microseconds of CPU per
 * span, on the same two cores as the tracer under test; walking costs a small fraction of that.
 *
 * Bodies may be gzip-compressed ({@code Content-Encoding: gzip}). A body that does not decode is
 * answered 400 and counted in {@link #rejectedRequests()}. Requests are handled by a pool of
 * {@value #HANDLER_THREADS} threads; counters are atomic and may be read from any thread.
 */
final class SpanSink implements AutoCloseable {

  static final int HANDLER_THREADS = 2;

  /** How the sink decodes a request. */
  enum Decoding {
    /** Official decoders, every field materialised. */
    FULL,
    /** The wire format walked down to each span, nothing materialised. */
    WALK
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Decoding decoding;
  private final AtomicLong spans = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong cpuNanos = new AtomicLong();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  private SpanSink(HttpServer server, ExecutorService executor, Decoding decoding) {
    this.server = server;
    this.executor = executor;
    this.decoding = decoding;
  }

  /** Starts a sink on 127.0.0.1 and an ephemeral port. */
  static SpanSink start(Decoding decoding) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            HANDLER_THREADS,
            r -> {
              Thread t = new Thread(r, "span-sink");
              t.setDaemon(true);
              return t;
            });
    SpanSink sink = new SpanSink(server, executor, decoding);
    server.createContext("/v1/traces", exchange -> sink.handle(exchange, Protocol.OTLP));
    server.createContext("/api/v2/spans", exchange -> sink.handle(exchange, Protocol.ZIPKIN));
    server.createContext("/api/traces", exchange -> sink.handle(exchange, Protocol.JAEGER));
    server.setExecutor(executor);
    server.start();
    return sink;
  }

  /** {@code http://127.0.0.1:port}, without a trailing slash. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Spans decoded so far. */
  long spans() {
    return spans.get();
  }

  long requests() {
    return requests.get();
  }

  long rejectedRequests() {
    return rejected.get();
  }

  /**
   * CPU time the handler threads spent on requests (reading, decompressing, decoding), or -1 if
   * the JVM does not measure thread CPU time. The sink shares the machine with the tracer; this
   * says how much of it the sink took.
   */
  long cpuNanos() {
    return threads.isCurrentThreadCpuTimeSupported() ? cpuNanos.get() : -1;
  }

  enum Protocol {
    OTLP,
    ZIPKIN,
    JAEGER
  }

  private void handle(HttpExchange exchange, Protocol protocol) throws IOException {
    long cpuStart = threads.getCurrentThreadCpuTime();
    try {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      requests.incrementAndGet();
      int count;
      try {
        byte[] body = readBody(exchange);
        count =
            decode(decoding, protocol, body, exchange.getRequestHeaders().getFirst("Content-Type"));
      } catch (Exception e) {
        rejected.incrementAndGet();
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      spans.addAndGet(count);
      if (protocol == Protocol.OTLP) {
        // An empty ExportTraceServiceResponse: full success.
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
      } else {
        exchange.sendResponseHeaders(protocol == Protocol.ZIPKIN ? 202 : 200, -1);
      }
    } finally {
      exchange.close();
      if (cpuStart >= 0) cpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpuStart);
    }
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    InputStream in = exchange.getRequestBody();
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
      in = new GZIPInputStream(in);
    }
    return in.readAllBytes();
  }

  static int decode(Decoding decoding, Protocol protocol, byte[] body, String contentType)
      throws Exception {
    boolean proto =
        contentType != null && contentType.toLowerCase(Locale.ROOT).contains("protobuf");
    if (decoding == Decoding.WALK) {
      switch (protocol) {
        case OTLP:
          return WireWalker.countOtlpSpans(body);
        case ZIPKIN:
          if (proto) return WireWalker.countZipkinSpans(body);
          break; // JSON: decoded in full below
        case JAEGER:
          return countThriftSpans(body);
        default:
          throw new AssertionError(protocol);
      }
    }
    switch (protocol) {
      case OTLP:
        {
          int count = 0;
          ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
          for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
              count += scopeSpans.getSpansCount();
            }
          }
          return count;
        }
      case ZIPKIN:
        {
          SpanBytesDecoder decoder = proto ? SpanBytesDecoder.PROTO3 : SpanBytesDecoder.JSON_V2;
          return decoder.decodeList(body).size();
        }
      case JAEGER:
        {
          Batch batch = new Batch();
          new TDeserializer(new TBinaryProtocol.Factory()).deserialize(batch, body);
          return batch.getSpansSize();
        }
      default:
        throw new AssertionError(protocol);
    }
  }

  /**
   * Spans of a Jaeger Thrift {@code Batch} ({@code process = 1}, {@code spans = 2}), each span
   * struct read and skipped field by field.
   */
  static int countThriftSpans(byte[] body) throws TException {
    TBinaryProtocol in = new TBinaryProtocol(new TMemoryInputTransport(body));
    int count = -1;
    in.readStructBegin();
    while (true) {
      TField field = in.readFieldBegin();
      if (field.type == TType.STOP) break;
      if (field.id == 2 && field.type == TType.LIST) {
        TList list = in.readListBegin();
        if (list.elemType != TType.STRUCT) throw new TException("spans of type " + list.elemType);
        for (int i = 0; i < list.size; i++) TProtocolUtil.skip(in, TType.STRUCT);
        in.readListEnd();
        count = list.size;
      } else {
        TProtocolUtil.skip(in, field.type);
      }
      in.readFieldEnd();
    }
    in.readStructEnd();
    if (count < 0) throw new TException("a batch without spans");
    return count;
  }

  /** Stops accepting, gives requests in flight up to a second, then stops the handler threads. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
