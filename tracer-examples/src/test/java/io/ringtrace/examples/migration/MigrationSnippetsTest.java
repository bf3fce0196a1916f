/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceSpanContext;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.sampler.Sampler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The code shown in docs/migrating-from-jaeger.md does what the guide says. */
class MigrationSnippetsTest {

  /** What a request to the stand-in collector brought. */
  static final class Request {
    final String method;
    final String pathAndQuery;
    final String contentType;
    final int bodyBytes;

    Request(String method, String pathAndQuery, String contentType, int bodyBytes) {
      this.method = method;
      this.pathAndQuery = pathAndQuery;
      this.contentType = contentType;
      this.bodyBytes = bodyBytes;
    }
  }

  final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  HttpServer collector;

  @BeforeEach
  void startCollector() throws IOException {
    collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          int bodyBytes;
          try (InputStream body = exchange.getRequestBody()) {
            bodyBytes = body.readAllBytes().length;
          }
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().toString(),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  bodyBytes));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
  }

  @AfterEach
  void stopCollector() {
    collector.stop(0);
  }

  String collectorUrl(String path) {
    return "http://127.0.0.1:" + collector.getAddress().getPort() + path;
  }

  @Test
  void tracerInCode_continuesAJaegerTrace_andExportsOtlpToTheCollectorPath() throws Exception {
    RingtraceTracer tracer = MigrationSnippets.tracerInCode(collectorUrl("/v1/traces"));
    try {
      Map<String, String> headers = new HashMap<>();
      headers.put("uber-trace-id", "00000000000004d2:000000000000162e:0:1"); // sampled
      SpanContext parent =
          tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
      Span span = tracer.buildSpan("GET /cart").asChildOf(parent).start();
      span.finish();

      assertThat(((RingtraceSpanContext) span.context()).traceIdLow()).isEqualTo(0x4d2L);
      assertThat(tracer.flush(Duration.ofSeconds(10))).isTrue();
      Request export = requests.poll(10, TimeUnit.SECONDS);
      assertThat(export).isNotNull();
      assertThat(export.method).isEqualTo("POST");
      assertThat(export.pathAndQuery).isEqualTo("/v1/traces");
      assertThat(export.contentType).isEqualTo("application/x-protobuf");
      assertThat(export.bodyBytes).isPositive();
    } finally {
      tracer.close();
    }
  }

  @Test
  void remoteSampler_pollsTheSamplingEndpointForTheService() throws Exception {
    Sampler sampler = MigrationSnippets.remoteSampler("checkout", collectorUrl("/sampling"));
    try {
      Request poll = requests.poll(10, TimeUnit.SECONDS);
      assertThat(poll).isNotNull();
      assertThat(poll.method).isEqualTo("GET");
      assertThat(poll.pathAndQuery).isEqualTo("/sampling?service=checkout");
    } finally {
      ((AutoCloseable) sampler).close();
    }
  }

  @Test
  void constSampler_true_samplesEveryRoot() {
    assertThat(rootSampled(MigrationSnippets.constSampler(true))).isTrue();
  }

  @Test
  void constSampler_false_samplesNoRoot() {
    assertThat(rootSampled(MigrationSnippets.constSampler(false))).isFalse();
  }

  @Test
  void probabilisticSampler_one_samplesEveryRoot() {
    assertThat(rootSampled(MigrationSnippets.probabilisticSampler(1.0))).isTrue();
  }

  @Test
  void probabilisticSampler_zero_samplesNoRoot() {
    assertThat(rootSampled(MigrationSnippets.probabilisticSampler(0.0))).isFalse();
  }

  @Test
  void rateLimitingSampler_zero_samplesNoRoot() {
    assertThat(rootSampled(MigrationSnippets.rateLimitingSampler(0))).isFalse();
  }

  @Test
  void rateLimitingSampler_samplesTheFirstRoot() {
    assertThat(rootSampled(MigrationSnippets.rateLimitingSampler(2))).isTrue();
  }

  static boolean rootSampled(Sampler sampler) {
    try (RingtraceTracer tracer = Ringtrace.builder("checkout").sampler(sampler).build()) {
      return ((RingtraceSpanContext) tracer.buildSpan("root").start().context()).isSampled();
    }
  }
}
