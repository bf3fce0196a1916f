/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentracing.Span;
import io.opentracing.Tracer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The web app of the OpenTracing "distributed tracing in 10 minutes" tutorial: {@code /} (an
 * index), {@code /home} (calls {@code /service} and, asynchronously, {@code /async}), {@code
 * /service} and {@code /async} (each call {@code /db}), {@code /db} (a simulated query). Every
 * handler is wrapped by {@link TracedHandler}; every outgoing call goes through {@link
 * TracedHttpClient}. {@code /service?fail=true} fails in {@code /db}, to show an error.
 */
public final class TutorialApp implements AutoCloseable {

  private final Tracer tracer;
  private final HttpServer server;
  private final ExecutorService handlers = Executors.newFixedThreadPool(8, daemon("tutorial-http"));
  private final ExecutorService async = Executors.newFixedThreadPool(2, daemon("tutorial-async"));
  private final TracedHttpClient client;
  private final int maxSleepMillis;

  /** Starts the app on a free port of 127.0.0.1. */
  public TutorialApp(Tracer tracer, int maxSleepMillis) throws IOException {
    this.tracer = tracer;
    this.client = new TracedHttpClient(tracer);
    this.maxSleepMillis = maxSleepMillis;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    server.createContext("/", TracedHandler.wrap(tracer, this::index));
    server.createContext("/home", TracedHandler.wrap(tracer, this::home));
    server.createContext("/service", TracedHandler.wrap(tracer, this::service));
    server.createContext("/async", TracedHandler.wrap(tracer, this::asyncWork));
    server.createContext("/db", TracedHandler.wrap(tracer, this::db));
    server.start();
  }

  /** The app's base address, e.g. {@code http://127.0.0.1:54321}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void index(HttpExchange exchange) throws IOException {
    respond(exchange, 200, "<html><body><a href=\"/home\">Go home</a></body></html>");
  }

  private void home(HttpExchange exchange) throws IOException {
    sleepRandomly();
    Span active = tracer.activeSpan();
    // The asynchronous call runs on another thread: hand the span over explicitly.
    CompletableFuture<Integer> background =
        CompletableFuture.supplyAsync(
            () -> {
              try (io.opentracing.Scope ignored = tracer.activateSpan(active)) {
                return client.get(baseUri().resolve("/async"));
              } catch (IOException e) {
                return 502;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 503;
              }
            },
            async);
    int status = call("/service");
    int asyncStatus = background.join();
    respond(exchange, Math.max(status, asyncStatus), "home: service " + status + ", async " + asyncStatus);
  }

  private void service(HttpExchange exchange) throws IOException {
    sleepRandomly();
    boolean fail = "fail=true".equals(exchange.getRequestURI().getQuery());
    int status = call(fail ? "/db?fail=true" : "/db");
    respond(exchange, status, "service: db " + status);
  }

  private void asyncWork(HttpExchange exchange) throws IOException {
    sleepRandomly();
    int status = call("/db");
    respond(exchange, status, "async: db " + status);
  }

  private void db(HttpExchange exchange) throws IOException {
    Span span = tracer.activeSpan();
    span.setTag("db.type", "sql").setTag("db.statement", "SELECT * FROM users WHERE id = ?");
    sleepRandomly();
    if ("fail=true".equals(exchange.getRequestURI().getQuery())) {
      span.log(java.util.Map.of("event", "error", "message", "connection pool exhausted"));
      respond(exchange, 500, "db: connection pool exhausted");
      return;
    }
    respond(exchange, 200, "db: 1 row");
  }

  private int call(String pathAndQuery) throws IOException {
    try {
      return client.get(baseUri().resolve(pathAndQuery));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void sleepRandomly() {
    if (maxSleepMillis <= 0) return;
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(maxSleepMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
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
    server.stop(0);
    handlers.shutdownNow();
    async.shutdownNow();
  }
}
