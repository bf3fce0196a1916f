/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A critical user operation across services: a mobile client asks the web tier to launch a
 * workload; the web tier calls auth, then billing, then the resource service, which starts a
 * container, allocates storage and runs the startup scripts — first one after the other, then in
 * parallel. The two traces show where the time goes and what parallelism saves.
 *
 * <p>Each service is its own HTTP server with its own tracer (its own service name), as in a real
 * fleet; they only share this process.
 */
public final class LaunchApp implements AutoCloseable {

  /** Simulated work, in milliseconds. */
  static final int AUTH_MS = 30;

  static final int BILLING_MS = 40;
  static final int CONTAINER_MS = 120;
  static final int STORAGE_MS = 80;
  static final int SCRIPTS_MS = 60;

  private final List<HttpServer> servers = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool(daemon("launch"));
  private final URI web;
  private final URI auth;
  private final URI billing;
  private final URI resources;

  /**
   * @param tracers the tracer of each service, by service name: web, auth, billing, resources
   */
  public LaunchApp(Function<String, Tracer> tracers) throws IOException {
    Tracer authTracer = tracers.apply("auth");
    auth = serve(authTracer, "/authorize", exchange -> work(authTracer, "check token", AUTH_MS));
    Tracer billingTracer = tracers.apply("billing");
    billing = serve(billingTracer, "/charge", exchange -> work(billingTracer, "reserve credit", BILLING_MS));
    Tracer resourceTracer = tracers.apply("resources");
    resources = serve(resourceTracer, "/provision", exchange -> provision(resourceTracer, exchange));
    Tracer webTracer = tracers.apply("web");
    TracedHttpClient webClient = new TracedHttpClient(webTracer);
    web =
        serve(
            webTracer,
            "/launch",
            exchange -> {
              String query = exchange.getRequestURI().getQuery();
              webClient.get(auth.resolve("/authorize"));
              webClient.get(billing.resolve("/charge"));
              webClient.get(resources.resolve("/provision?" + query));
            });
  }

  /** The web tier's address. */
  public URI webUri() {
    return web;
  }

  private void provision(Tracer tracer, HttpExchange exchange) {
    boolean parallel = "mode=parallel".equals(exchange.getRequestURI().getQuery());
    Span parent = tracer.activeSpan();
    parent.setTag("provision.mode", parallel ? "parallel" : "serial");
    if (!parallel) {
      work(tracer, "container startup", CONTAINER_MS);
      work(tracer, "storage allocation", STORAGE_MS);
      work(tracer, "startup scripts", SCRIPTS_MS);
      return;
    }
    // Each task runs on a pool thread: the parent span is handed over and activated there.
    CompletableFuture.allOf(
            inBackground(tracer, parent, "container startup", CONTAINER_MS),
            inBackground(tracer, parent, "storage allocation", STORAGE_MS),
            inBackground(tracer, parent, "startup scripts", SCRIPTS_MS))
        .join();
  }

  private CompletableFuture<Void> inBackground(Tracer tracer, Span parent, String name, int ms) {
    return CompletableFuture.runAsync(
        () -> {
          try (Scope ignored = tracer.activateSpan(parent)) {
            work(tracer, name, ms);
          }
        },
        pool);
  }

  /** A local span around simulated work. */
  private static void work(Tracer tracer, String operation, int millis) {
    Span span = tracer.buildSpan(operation).start();
    try (Scope ignored = tracer.activateSpan(span)) {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      span.finish();
    }
  }

  /** An action that may throw, for the lambdas above. */
  interface Action {
    void run(HttpExchange exchange) throws IOException, InterruptedException;
  }

  private URI serve(Tracer tracer, String path, Action action) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    HttpHandler handler =
        exchange -> {
          int status = 200;
          try {
            action.run(exchange);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 503;
          }
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        };
    server.createContext(path, TracedHandler.wrap(tracer, handler));
    server.start();
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    for (HttpServer server : servers) server.stop(0);
    pool.shutdownNow();
  }
}
