/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Calls another service in a client span and injects the span's context into the request
 * headers, so the callee's server span continues the trace.
 */
public final class TracedHttpClient {

  private final Tracer tracer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public TracedHttpClient(Tracer tracer) {
    this.tracer = tracer;
  }

  /** GETs {@code uri} as a child of the active span; answers the status code. */
  public int get(URI uri) throws IOException, InterruptedException {
    Span span =
        tracer
            .buildSpan("GET " + uri.getPath())
            .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT)
            .withTag(Tags.HTTP_METHOD, "GET")
            .withTag(Tags.HTTP_URL, uri.toString())
            .withTag(Tags.PEER_HOSTNAME, uri.getHost())
            .withTag(Tags.PEER_PORT, uri.getPort())
            .start();
    try (Scope ignored = tracer.activateSpan(span)) {
      Map<String, String> headers = new HashMap<>();
      tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
      headers.forEach(request::header);
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Tags.HTTP_STATUS.set(span, response.statusCode());
      if (response.statusCode() >= 500) Tags.ERROR.set(span, true);
      return response.statusCode();
    } catch (IOException | RuntimeException e) {
      Tags.ERROR.set(span, true);
      span.log(Map.of("event", "error", "error.object", e));
      throw e;
    } finally {
      span.finish();
    }
  }
}
