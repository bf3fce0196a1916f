/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.resolver;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/** An OTLP/HTTP endpoint on 127.0.0.1 that answers 200 and keeps the decoded requests. */
final class OtlpSink implements AutoCloseable {

  private final HttpServer server;
  private final LinkedBlockingQueue<ExportTraceServiceRequest> received =
      new LinkedBlockingQueue<>();

  OtlpSink() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream raw = exchange.getRequestBody()) {
            boolean gzip = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            InputStream body = gzip ? new GZIPInputStream(raw) : raw;
            received.add(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  /** {@code http://127.0.0.1:port}, the base URL for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next request received, waiting at most {@code seconds}; {@code null} if none came. */
  ExportTraceServiceRequest take(long seconds) throws InterruptedException {
    return received.poll(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
