/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceSpanContext;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.examples.TracedHandler;
import io.ringtrace.examples.TracedHttpClient;
import io.ringtrace.propagation.Propagator;
import io.ringtrace.propagation.Propagators;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A service on the Jaeger client and a service on Ringtrace, in one JVM, calling each other over
 * real HTTP on 127.0.0.1: the trace, the parent links, the sampling decision and the baggage must
 * survive the hop in both directions, and in a fleet halfway through the move, across a Jaeger
 * service, a Ringtrace service writing both formats and a Ringtrace service on W3C only.
 *
 * <p>What is checked is what each tracer reports: Ringtrace's spans through an {@link
 * InMemorySpanExporter}, the Jaeger client's through its {@link InMemoryReporter}.
 */
class JaegerInteropTest {

  static final String TENANT = "tenant";
  // A space, a slash and a non-ASCII letter: each format has to encode and decode it.
  static final String TENANT_VALUE = "acme corp/zürich";

  final Deque<AutoCloseable> resources = new ArrayDeque<>();

  @AfterEach
  void closeAll() throws Exception {
    while (!resources.isEmpty()) resources.pop().close();
  }

  // ---- Jaeger client → Ringtrace ----

  @Test
  void jaegerCaller128Bit_ringtraceCallee_continuesTheTraceUnderTheClientSpan() throws Exception {
    Jaeger caller = jaeger("frontend", true, true);
    Ring callee = ringtrace("checkout", Propagators.jaeger());
    Service service = serve(callee.tracer);

    callRoot(caller.tracer, service);

    JaegerSpan client = caller.onlySpanOfKind("client");
    FinishedSpan server = callee.onlySpan();
    assertThat(client.context().getTraceIdHigh()).isNotZero();
    assertThat(server.traceIdHigh()).isEqualTo(client.context().getTraceIdHigh());
    assertThat(server.traceIdLow()).isEqualTo(client.context().getTraceIdLow());
    assertThat(server.parentSpanId()).isEqualTo(hex(client.context().getSpanId()));
    assertThat(server.tags()).containsEntry("span.kind", "server");
  }

  @Test
  void jaegerCaller64Bit_ringtraceCallee_keepsThe64BitTraceId() throws Exception {
    Jaeger caller = jaeger("frontend", false, true);
    Ring callee = ringtrace("checkout", Propagators.jaeger());
    Service service = serve(callee.tracer);

    callRoot(caller.tracer, service);

    JaegerSpan client = caller.onlySpanOfKind("client");
    FinishedSpan server = callee.onlySpan();
    assertThat(client.context().getTraceIdHigh()).isZero();
    assertThat(server.traceIdHigh()).isZero();
    assertThat(server.traceId()).isEqualTo("0000000000000000" + hex(client.context().getTraceIdLow()));
    assertThat(server.parentSpanId()).isEqualTo(hex(client.context().getSpanId()));
  }

  @Test
  void jaegerCallerNotSampled_ringtraceCallee_followsAndRecordsNothing() throws Exception {
    Jaeger caller = jaeger("frontend", true, false);
    Ring callee = ringtrace("checkout", Propagators.jaeger());
    Service service = serve(callee.tracer);

    JaegerSpanContext root = (JaegerSpanContext) callRoot(caller.tracer, service);

    RingtraceSpanContext seen = (RingtraceSpanContext) service.lastServerContext;
    assertThat(seen.traceIdLow()).isEqualTo(root.getTraceIdLow()); // the trace went through
    assertThat(seen.isSampled()).isFalse();
    callee.tracer.flush(Duration.ofSeconds(5));
    assertThat(callee.memory.finishedSpans()).isEmpty();
    assertThat(caller.reporter.getSpans()).isEmpty();
  }

  @Test
  void jaegerCaller_baggage_reachesRingtraceCallee() throws Exception {
    Jaeger caller = jaeger("frontend", true, true);
    Ring callee = ringtrace("checkout", Propagators.jaeger());
    Service service = serve(callee.tracer);

    callRoot(caller.tracer, service, TENANT_VALUE);

    assertThat(service.lastHeaders).containsKey("uberctx-" + TENANT);
    assertThat(service.lastBaggage).isEqualTo(TENANT_VALUE);
    assertThat(callee.onlySpan().baggage()).containsEntry(TENANT, TENANT_VALUE);
  }

  // ---- Ringtrace → Jaeger client ----

  @Test
  void ringtraceCaller_jaegerCallee64Bit_keepsThe128BitTraceIdAndTheParent() throws Exception {
    Ring caller = ringtrace("frontend", Propagators.jaeger());
    Jaeger callee = jaeger("checkout", false, true);
    Service service = serve(callee.tracer);

    callRoot(caller.tracer, service);

    FinishedSpan client = caller.onlySpanOfKind("client");
    JaegerSpan server = callee.onlySpanOfKind("server");
    assertThat(client.traceIdHigh()).isNotZero();
    assertThat(server.context().getTraceIdHigh()).isEqualTo(client.traceIdHigh());
    assertThat(server.context().getTraceIdLow()).isEqualTo(client.traceIdLow());
    assertThat(server.context().getParentId()).isEqualTo(client.spanIdAsLong());
    assertThat(server.context().isSampled()).isTrue();
  }

  @Test
  void ringtraceCallerNotSampled_jaegerCalleeSamplingAll_followsAndReportsNothing()
      throws Exception {
    Ring caller = ringtrace("frontend", Propagators.jaeger(), Sampler.alwaysOff());
    Jaeger callee = jaeger("checkout", true, true); // would sample any root
    Service service = serve(callee.tracer);

    RingtraceSpanContext root = (RingtraceSpanContext) callRoot(caller.tracer, service);

    JaegerSpanContext seen = (JaegerSpanContext) service.lastServerContext;
    assertThat(seen.getTraceIdHigh()).isEqualTo(root.traceIdHigh());
    assertThat(seen.getTraceIdLow()).isEqualTo(root.traceIdLow());
    assertThat(seen.isSampled()).isFalse();
    assertThat(callee.reporter.getSpans()).isEmpty();
  }

  @Test
  void ringtraceCaller_baggage_reachesJaegerCallee() throws Exception {
    Ring caller = ringtrace("frontend", Propagators.jaeger());
    Jaeger callee = jaeger("checkout", true, true);
    Service service = serve(callee.tracer);

    callRoot(caller.tracer, service, TENANT_VALUE);

    assertThat(service.lastBaggage).isEqualTo(TENANT_VALUE);
    assertThat(callee.onlySpanOfKind("server").getBaggageItem(TENANT)).isEqualTo(TENANT_VALUE);
  }

  // ---- a fleet halfway through the move ----

  @Test
  void mixedRollout_jaegerToBothFormatsToW3cOnly_isOneTrace() throws Exception {
    Jaeger edge = jaeger("edge", false, true); // 64-bit ids, the Jaeger client's default
    Ring mixed = ringtrace("checkout", MigrationSnippets.mixedRolloutPropagator());
    Ring w3c = ringtrace("billing", MigrationSnippets.afterTheRollout());
    Service billing = serve(w3c.tracer);
    Service checkout = serve(mixed.tracer, billing);

    callRoot(edge.tracer, checkout, TENANT_VALUE);
    billing.awaitHandled();

    JaegerSpan edgeClient = edge.onlySpanOfKind("client");
    FinishedSpan checkoutServer = mixed.onlySpanOfKind("server");
    FinishedSpan checkoutClient = mixed.onlySpanOfKind("client");
    FinishedSpan billingServer = w3c.onlySpan();
    long traceIdLow = edgeClient.context().getTraceIdLow();
    assertThat(List.of(checkoutServer, checkoutClient, billingServer))
        .allSatisfy(
            s -> {
              assertThat(s.traceIdHigh()).isZero();
              assertThat(s.traceIdLow()).isEqualTo(traceIdLow);
            });
    assertThat(checkoutServer.parentSpanId()).isEqualTo(hex(edgeClient.context().getSpanId()));
    assertThat(billingServer.parentSpanId()).isEqualTo(checkoutClient.spanId());
    // the W3C-only service got the trace and the baggage from traceparent and baggage alone
    assertThat(billing.lastHeaders).containsKeys("traceparent", "baggage", "uber-trace-id");
    assertThat(billing.lastBaggage).isEqualTo(TENANT_VALUE);
  }

  @Test
  void mixedRollout_w3cOnlyToBothFormatsToJaeger_isOneTrace() throws Exception {
    Ring w3c = ringtrace("edge", MigrationSnippets.afterTheRollout());
    Ring mixed = ringtrace("checkout", MigrationSnippets.mixedRolloutPropagator());
    Jaeger legacy = jaeger("billing", true, true);
    Service billing = serve(legacy.tracer);
    Service checkout = serve(mixed.tracer, billing);

    callRoot(w3c.tracer, checkout, TENANT_VALUE);
    billing.awaitHandled();

    FinishedSpan edgeClient = w3c.onlySpanOfKind("client");
    FinishedSpan checkoutServer = mixed.onlySpanOfKind("server");
    FinishedSpan checkoutClient = mixed.onlySpanOfKind("client");
    JaegerSpan billingServer = legacy.onlySpanOfKind("server");
    assertThat(checkoutServer.traceId()).isEqualTo(edgeClient.traceId());
    assertThat(checkoutClient.traceId()).isEqualTo(edgeClient.traceId());
    assertThat(billingServer.context().getTraceIdHigh()).isEqualTo(edgeClient.traceIdHigh());
    assertThat(billingServer.context().getTraceIdLow()).isEqualTo(edgeClient.traceIdLow());
    assertThat(checkoutServer.parentSpanId()).isEqualTo(edgeClient.spanId());
    assertThat(billingServer.context().getParentId()).isEqualTo(checkoutClient.spanIdAsLong());
    assertThat(checkout.lastHeaders).containsKey("traceparent").doesNotContainKey("uber-trace-id");
    assertThat(billing.lastBaggage).isEqualTo(TENANT_VALUE);
  }

  @Test
  void mixedRollout_requestWithBothFormats_isReadByTheJaegerClient() throws Exception {
    Ring mixed = ringtrace("checkout", MigrationSnippets.mixedRolloutPropagator());
    Jaeger legacy = jaeger("billing", false, true);
    Service billing = serve(legacy.tracer);

    callRoot(mixed.tracer, billing, TENANT_VALUE);

    FinishedSpan client = mixed.onlySpanOfKind("client");
    JaegerSpan server = legacy.onlySpanOfKind("server");
    assertThat(billing.lastHeaders)
        .containsKeys("traceparent", "baggage", "uber-trace-id", "uberctx-" + TENANT);
    assertThat(server.context().getTraceIdLow()).isEqualTo(client.traceIdLow());
    assertThat(server.context().getParentId()).isEqualTo(client.spanIdAsLong());
    assertThat(server.getBaggageItem(TENANT)).isEqualTo(TENANT_VALUE);
  }

  // ---- harness ----

  /**
   * Starts a root span on {@code tracer}, calls {@code service} from a client span under it and
   * waits until the service's server span has finished; answers the root's context.
   */
  SpanContext callRoot(Tracer tracer, Service service) throws Exception {
    return callRoot(tracer, service, null);
  }

  SpanContext callRoot(Tracer tracer, Service service, String tenant) throws Exception {
    Span root = tracer.buildSpan("root").start();
    if (tenant != null) root.setBaggageItem(TENANT, tenant);
    try (Scope ignored = tracer.activateSpan(root)) {
      int status = new TracedHttpClient(tracer).get(service.uri());
      assertThat(status).isEqualTo(200);
    } finally {
      root.finish();
    }
    service.awaitHandled();
    return root.context();
  }

  Jaeger jaeger(String serviceName, boolean traceId128Bit, boolean sampleAll) {
    Jaeger jaeger = new Jaeger(serviceName, traceId128Bit, sampleAll);
    resources.push(jaeger);
    return jaeger;
  }

  Ring ringtrace(String serviceName, Propagator propagator) {
    return ringtrace(serviceName, propagator, Sampler.parentBased(Sampler.alwaysOn()));
  }

  Ring ringtrace(String serviceName, Propagator propagator, Sampler sampler) {
    Ring ring = new Ring(serviceName, propagator, sampler);
    resources.push(ring);
    return ring;
  }

  Service serve(Tracer tracer) throws IOException {
    return serve(tracer, null);
  }

  /** A service on {@code tracer} that calls {@code next}, if any, while it handles a request. */
  Service serve(Tracer tracer, Service next) throws IOException {
    Service service = new Service(tracer, next == null ? null : next.uri());
    resources.push(service);
    return service;
  }

  static String hex(long id) {
    return String.format(Locale.ROOT, "%016x", id);
  }

  /** A service instrumented with the Jaeger client, reporting into memory. */
  static final class Jaeger implements AutoCloseable {
    final InMemoryReporter reporter = new InMemoryReporter();
    final JaegerTracer tracer;

    Jaeger(String serviceName, boolean traceId128Bit, boolean sampleAll) {
      JaegerTracer.Builder builder =
          new JaegerTracer.Builder(serviceName)
              .withReporter(reporter)
              .withSampler(new ConstSampler(sampleAll));
      if (traceId128Bit) builder.withTraceId128Bit();
      tracer = builder.build();
    }

    /** Jaeger reports in {@code finish()}, on the finishing thread: nothing to wait for. */
    JaegerSpan onlySpanOfKind(String kind) {
      List<JaegerSpan> spans =
          reporter.getSpans().stream()
              .filter(s -> kind.equals(s.getTags().get("span.kind")))
              .collect(Collectors.toList());
      assertThat(spans).as("%s spans reported by the Jaeger client", kind).hasSize(1);
      return spans.get(0);
    }

    @Override
    public void close() {
      tracer.close();
    }
  }

  /** A service instrumented with Ringtrace, exporting into memory. */
  static final class Ring implements AutoCloseable {
    final InMemorySpanExporter memory = InMemorySpanExporter.create();
    final RingtraceTracer tracer;

    Ring(String serviceName, Propagator propagator, Sampler sampler) {
      tracer =
          Ringtrace.builder(serviceName)
              .propagator(propagator)
              .sampler(sampler)
              .exporter(memory)
              .build();
    }

    List<FinishedSpan> spans() {
      assertThat(tracer.flush(Duration.ofSeconds(5))).as("flushed").isTrue();
      return memory.finishedSpans();
    }

    FinishedSpan onlySpan() {
      List<FinishedSpan> spans = spans();
      assertThat(spans).as("spans reported by Ringtrace").hasSize(1);
      return spans.get(0);
    }

    FinishedSpan onlySpanOfKind(String kind) {
      List<FinishedSpan> spans =
          spans().stream()
              .filter(s -> kind.equals(s.tags().get("span.kind")))
              .collect(Collectors.toList());
      assertThat(spans).as("%s spans reported by Ringtrace", kind).hasSize(1);
      return spans.get(0);
    }

    @Override
    public void close() {
      tracer.close();
    }
  }

  /**
   * An HTTP service on 127.0.0.1, its handler wrapped in a server span by {@link TracedHandler}.
   * It remembers what the last request brought (headers, the server span's context, the tenant
   * baggage item), calls {@code next} if it has one, and signals once the server span has
   * finished, so that tests read the reports without sleeping.
   */
  static final class Service implements AutoCloseable {
    private final Tracer tracer;
    private final URI next;
    private final HttpServer server;
    private final Semaphore handled = new Semaphore(0);
    // Written by the server's thread before handled.release(), read by the test after acquire().
    volatile Map<String, String> lastHeaders;
    volatile SpanContext lastServerContext;
    volatile String lastBaggage;

    Service(Tracer tracer, URI next) throws IOException {
      this.tracer = tracer;
      this.next = next;
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      HttpHandler traced = TracedHandler.wrap(tracer, this::handle);
      server.createContext(
          "/",
          exchange -> {
            try {
              traced.handle(exchange); // finishes the server span before it returns
            } finally {
              handled.release();
            }
          });
      server.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    void awaitHandled() throws InterruptedException {
      assertThat(handled.tryAcquire(10, TimeUnit.SECONDS)).as("request handled").isTrue();
    }

    private void handle(HttpExchange exchange) throws IOException {
      Map<String, String> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      lastHeaders = headers;
      Span active = tracer.activeSpan();
      lastServerContext = active.context();
      lastBaggage = active.getBaggageItem(TENANT);
      int status = 200;
      if (next != null) {
        try {
          status = new TracedHttpClient(tracer).get(next);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          status = 500;
        }
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
