/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wraps an {@link HttpHandler} in a server span: the way a service instruments its own handlers.
 * Extracts the caller's context from the request headers, starts a {@code span.kind=server} span
 * named after the method and path, makes it active for the handler, tags the status, marks
 * failures as errors and finishes the span.
 */
public final class TracedHandler implements HttpHandler {

  private final Tracer tracer;
  private final HttpHandler delegate;

  private TracedHandler(Tracer tracer, HttpHandler delegate) {
    this.tracer = tracer;
    this.delegate = delegate;
  }

  public static HttpHandler wrap(Tracer tracer, HttpHandler delegate) {
    return new TracedHandler(tracer, delegate);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
      if (!e.getValue().isEmpty()) headers.put(e.getKey(), e.getValue().get(0));
    }
    SpanContext parent = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    String path = exchange.getRequestURI().getPath();
    Span span =
        tracer
            .buildSpan(exchange.getRequestMethod() + " " + path)
            .asChildOf(parent)
            .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER)
            .withTag(Tags.HTTP_METHOD, exchange.getRequestMethod())
            .withTag(Tags.HTTP_URL, exchange.getRequestURI().toString())
            .start();
    try (Scope ignored = tracer.activateSpan(span)) {
      delegate.handle(exchange);
      int status = exchange.getResponseCode();
      Tags.HTTP_STATUS.set(span, status);
      if (status >= 500) Tags.ERROR.set(span, true);
    } catch (IOException | RuntimeException e) {
      Tags.ERROR.set(span, true);
      Map<String, Object> fields = new HashMap<>();
      fields.put("event", "error");
      fields.put("error.object", e);
      fields.put("message", String.valueOf(e.getMessage()));
      span.log(fields);
      throw e;
    } finally {
      span.finish();
    }
  }
}
