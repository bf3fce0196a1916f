/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import io.ringtrace.core.Resource;
import io.ringtrace.core.internal.ThrottledLogger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One POST of one request body, and what its answer means as an {@link AttemptResult}: the
 * request with its headers, the wait for the answer within the time left, and the reading of the
 * answer (status, {@code Retry-After}, a partial success through the {@link
 * HttpExporter.SuccessReader}, the start of an error body for the log line, never header values).
 *
 * <p><b>Threads.</b> {@link #send} runs on the thread that exports (a sender thread, or the
 * caller of {@code export}), several at once; its state is local to the call. {@link
 * #cancelAll()} may come from any thread: it cancels every request on the wire, and a request
 * sent after the shutdown flag was set cancels itself, so that no attempt outlives a shutdown.
 * The set of requests on the wire is concurrent; the flag is read after adding to it and set
 * before iterating it, so no request escapes both.
 */
final class HttpAttempt {

  private static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final int MAX_LOGGED_BODY_CHARS = 256;

  private final String name;
  private final URI endpoint;
  private final String printableEndpoint;
  private final String[] headers;
  private final String contentType;
  private final boolean gzip;
  private final HttpExporter.SuccessReader successReader;
  private final Time time;
  private final ExporterThreads threads;
  private final AtomicBoolean shutdown;
  private final ThrottledLogger failureLog;
  private final String userAgent = "ringtrace-java/" + Resource.sdkVersion();

  /** Attempts on the wire, for {@link #cancelAll()}. */
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

  HttpAttempt(
      String name,
      HttpExporterConfig config,
      String contentType,
      HttpExporter.SuccessReader successReader,
      ExporterThreads threads,
      AtomicBoolean shutdown,
      ThrottledLogger failureLog) {
    this.name = name;
    this.endpoint = config.endpoint;
    this.printableEndpoint = HttpExporterConfig.printable(config.endpoint);
    this.headers = config.headers.toArray(new String[0]);
    this.contentType = contentType;
    this.gzip = config.gzip;
    this.successReader = successReader;
    this.time = config.time;
    this.threads = threads;
    this.shutdown = shutdown;
    this.failureLog = failureLog;
  }

  /** Cancels every request on the wire. Any thread; after the shutdown flag is set. */
  void cancelAll() {
    for (CompletableFuture<?> f : inFlight) f.cancel(true);
  }

  /** Sends {@code body} once, waiting at most {@code remainingNanos} for the whole answer. */
  AttemptResult send(byte[] body, long remainingNanos) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofNanos(Math.max(remainingNanos, TimeUnit.MILLISECONDS.toNanos(1))))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
    request.setHeader("Content-Type", contentType);
    request.setHeader("User-Agent", userAgent);
    if (gzip) request.setHeader("Content-Encoding", "gzip");

    HttpClient c = threads.client();
    if (c == null) return AttemptResult.permanent("exporter shut down");
    CompletableFuture<HttpResponse<byte[]>> future;
    try {
      future = c.sendAsync(request.build(), new BoundedBodyHandler(MAX_RESPONSE_BYTES));
    } catch (RuntimeException e) { // the executor was shut down under us
      return AttemptResult.permanent(
          shutdown.get() ? "exporter shut down" : "could not send: " + e);
    }
    inFlight.add(future);
    if (shutdown.get()) future.cancel(true);
    HttpResponse<byte[]> response;
    try {
      response = future.get(remainingNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) { // e.g. a body trickling in after the headers
      future.cancel(true);
      return AttemptResult.retry("timed out");
    } catch (CancellationException e) {
      future.cancel(true);
      return AttemptResult.permanent("exporter shut down");
    } catch (InterruptedException e) { // the next sleep ends the attempts at once
      Thread.currentThread().interrupt();
      future.cancel(true);
      return AttemptResult.retry("interrupted");
    } catch (ExecutionException e) {
      return failed(e.getCause(), future);
    } finally {
      inFlight.remove(future);
    }
    return answered(response);
  }

  private AttemptResult failed(Throwable cause, CompletableFuture<?> future) {
    if (shutdown.get()) {
      future.cancel(true);
      return AttemptResult.permanent("exporter shut down");
    }
    RetryPolicy.FailureRule rule = RetryPolicy.ruleFor(cause);
    if (rule.cancel) future.cancel(true);
    String reason = rule.reason.apply(cause);
    return rule.retry ? AttemptResult.retry(reason) : AttemptResult.permanent(reason);
  }

  private AttemptResult answered(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    byte[] body = response.body();
    if (status >= 200 && status < 300) {
      String[] message = new String[1];
      int rejected = successReader == null ? 0 : successReader.rejectedSpans(body, message);
      if (rejected > 0 || message[0] != null) {
        String why = "collector rejected " + rejected + " span(s): " + message[0];
        failureLog.warn("{}", name + " export to " + printableEndpoint + ": " + why);
        return AttemptResult.delivered(rejected, why);
      }
      return AttemptResult.delivered();
    }
    String why = "HTTP " + status + excerpt(body);
    if (RetryPolicy.retryable(status)) {
      String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
      return AttemptResult.retry(
          why, RetryPolicy.retryAfterNanos(retryAfter, time.currentTimeMillis()));
    }
    return AttemptResult.permanent(why);
  }

  /** The start of a response body, printable, for a log line. */
  private static String excerpt(byte[] body) {
    if (body == null || body.length == 0) return "";
    int n = Math.min(body.length, MAX_LOGGED_BODY_CHARS);
    String text = new String(body, 0, n, StandardCharsets.UTF_8);
    StringBuilder s = new StringBuilder(text.length() + 8).append(": ");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      s.append(c < 0x20 || c == 0x7f || c == '\ufffd' ? ' ' : c);
    }
    if (body.length > n) s.append("...");
    return s.toString().trim();
  }
}
