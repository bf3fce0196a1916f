/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * An HTTP server on 127.0.0.1 that records what it receives and answers as scripted: a status
 * with headers and body, or a hang until the test ends. Plays both a collector and a broken one.
 */
public final class TestCollector implements AutoCloseable {

  /** What one request carried. */
  public static final class Received {
    public final String method;
    public final String path;
    public final Headers headers;
    public final byte[] rawBody;
    /** The body, gunzipped if it was sent with {@code Content-Encoding: gzip}. */
    public final byte[] body;

    Received(String method, String path, Headers headers, byte[] rawBody) throws IOException {
      this.method = method;
      this.path = path;
      this.headers = headers;
      this.rawBody = rawBody;
      this.body =
          "gzip".equals(headers.getFirst("Content-Encoding"))
              ? new GZIPInputStream(new ByteArrayInputStream(rawBody)).readAllBytes()
              : rawBody;
    }

    public String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** One scripted answer. */
  public interface Reply {
    void respond(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-collector");
    t.setDaemon(true);
    return t;
  });
  private final CountDownLatch release = new CountDownLatch(1);
  private final Deque<Reply> script = new ArrayDeque<>(); // guarded by this
  private final List<Received> received = new ArrayList<>(); // guarded by this
  private Reply otherwise = status(200);

  private TestCollector(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A collector on an ephemeral port. */
  public static TestCollector start() throws IOException {
    return new TestCollector(0);
  }

  /** A collector on {@code port} (for a collector that comes up late). */
  public static TestCollector start(int port) throws IOException {
    return new TestCollector(port);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** Answers the next requests with {@code replies}, in order; then {@link #otherwise}. */
  public synchronized TestCollector then(Reply... replies) {
    for (Reply r : replies) script.add(r);
    return this;
  }

  /** The answer once the script is used up (default: 200). */
  public synchronized TestCollector otherwise(Reply reply) {
    otherwise = reply;
    return this;
  }

  public synchronized List<Received> received() {
    return new ArrayList<>(received);
  }

  public synchronized int requestCount() {
    return received.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] raw = in.readAllBytes();
      Reply reply;
      synchronized (this) {
        received.add(
            new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders(),
                raw));
        reply = script.isEmpty() ? otherwise : script.poll();
      }
      reply.respond(exchange);
    } finally {
      exchange.close();
    }
  }

  public static Reply status(int status) {
    return status(status, new byte[0]);
  }

  public static Reply status(int status, byte[] body, String... headerNameValues) {
    return exchange -> {
      for (int i = 0; i < headerNameValues.length; i += 2) {
        exchange.getResponseHeaders().add(headerNameValues[i], headerNameValues[i + 1]);
      }
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    };
  }

  /** Never answers (until the collector is closed). */
  public Reply hang() {
    return exchange -> {
      try {
        release.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
