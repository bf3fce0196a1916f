/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Resource;
import io.ringtrace.core.internal.ThrottledLogger;
import io.ringtrace.core.internal.Throwables;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.reporter.http.internal.BatchEncoder;
import io.ringtrace.reporter.http.internal.Gzip;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;

/**
 * What both HTTP exporters do once a batch is encoded: split it into requests, compress, POST,
 * retry what is retryable, and account for every span in the {@link ExportResult}.
 *
 * <p><b>Outcomes.</b> A 2xx answer delivers the request (OTLP may still reject some spans: partial
 * success). 429, 502, 503, 504, a connection that fails or times out are transient: the request
 * is sent again after an exponential backoff with jitter, or after the {@code Retry-After} the
 * collector asked for, as long as attempts remain and the retry can start before the export
 * timeout. Any other answer is permanent: the spans are counted as rejected, never sent again. A
 * failure is logged at WARN at most once per minute, with the status and the start of the answer,
 * never with header values.
 *
 * <p><b>Threads.</b> {@link #export} is meant for one reporter thread; calls are serialized by
 * {@link #exportLock}, which owns the encoder, the gzip buffer and the deflater. {@link #shutdown}
 * may come from any thread at any time: it cancels the request in flight and wakes a backoff
 * sleep, so that a hung collector cannot hold the caller past its deadline.
 */
final class HttpExporter {

  /** Reads a 2xx answer. */
  interface SuccessReader {
    /**
     * Spans the answer says were rejected (a partial success), or 0.
     *
     * @param message out: {@code message[0]} receives the collector's explanation, if any
     */
    int rejectedSpans(byte[] body, String[] message);
  }

  private static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final int MAX_LOGGED_BODY_CHARS = 256;
  private static final AtomicInteger EXPORTER_IDS = new AtomicInteger();

  private final String name;
  private final URI endpoint;
  private final String printableEndpoint;
  private final String[] headers;
  private final boolean gzip;
  private final long timeoutNanos;
  private final int maxRequestBytes;
  private final int maxAttempts;
  private final long initialBackoffNanos;
  private final long maxBackoffNanos;
  private final BatchEncoder encoder;
  private final SuccessReader successReader;
  private final Time time;
  private final Logger logger;
  private final ThrottledLogger failureLog;
  private final ExecutorService executor;
  private final HttpClient client;
  private final String userAgent = "ringtrace-java/" + Resource.sdkVersion();

  private final ReentrantLock exportLock = new ReentrantLock();
  private final AtomicBoolean shutdown = new AtomicBoolean();
  private final CountDownLatch wake = new CountDownLatch(1);
  private volatile CompletableFuture<?> inFlight;

  // Guarded by exportLock.
  private Gzip gzipper;
  private boolean released;
  private String outcomeMessage; // of the last send()
  private int outcomeRejected;

  HttpExporter(
      String name, HttpExporterConfig config, BatchEncoder encoder, SuccessReader successReader,
      Logger logger) {
    config.validate();
    this.name = name;
    this.endpoint = config.endpoint;
    this.printableEndpoint = HttpExporterConfig.printable(config.endpoint);
    this.headers = config.headers.toArray(new String[0]);
    this.gzip = config.gzip;
    this.timeoutNanos = config.timeoutNanos;
    this.maxRequestBytes = config.maxRequestBytes;
    this.maxAttempts = config.maxAttempts;
    this.initialBackoffNanos = config.initialBackoffNanos;
    this.maxBackoffNanos = config.maxBackoffNanos;
    this.encoder = encoder;
    this.successReader = successReader;
    this.time = config.time;
    this.logger = logger;
    this.failureLog = new ThrottledLogger(logger);
    this.executor = newExecutor("ringtrace-" + name + "-exporter-" + EXPORTER_IDS.incrementAndGet());
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with collectors
            .connectTimeout(Duration.ofNanos(Math.min(config.connectTimeoutNanos, timeoutNanos)))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
  }

  String printableEndpoint() {
    return printableEndpoint;
  }

  ExportResult export(List<FinishedSpan> spans) {
    int n = spans == null ? 0 : spans.size();
    if (n == 0) return ExportResult.success();
    if (shutdown.get()) return ExportResult.failure(false, n, "exporter shut down");
    exportLock.lock();
    try {
      if (shutdown.get()) return ExportResult.failure(false, n, "exporter shut down");
      return doExport(spans, n);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      failureLog.warn("{}", name + " export failed: " + t + "; " + n + " span(s) dropped");
      return ExportResult.failure(false, n, "export failed: " + t);
    } finally {
      encoder.clear();
      if (shutdown.get()) release();
      exportLock.unlock();
    }
  }

  void shutdown() {
    if (!shutdown.compareAndSet(false, true)) return;
    wake.countDown();
    CompletableFuture<?> f = inFlight;
    if (f != null) f.cancel(true);
    executor.shutdownNow();
    stopClient();
    if (exportLock.tryLock()) { // else the exporting thread releases on its way out
      try {
        release();
      } finally {
        exportLock.unlock();
      }
    }
  }

  boolean isShutdown() {
    return shutdown.get();
  }

  /**
   * Stops the client's selector thread at once on Java 21 and later ({@code
   * HttpClient.shutdownNow()}, called reflectively: the floor is Java 11). Before 21 that thread
   * ends when the client is garbage-collected.
   */
  private void stopClient() {
    try {
      HttpClient.class.getMethod("shutdownNow").invoke(client);
    } catch (NoSuchMethodException e) {
      // Java 11 to 20
    } catch (ReflectiveOperationException | RuntimeException e) {
      logger.debug("could not stop the HTTP client", e);
    }
  }

  private void release() {
    if (released) return;
    released = true;
    if (gzipper != null) gzipper.end();
  }

  // ---------------------------------------------------------------------------------------------

  private enum Outcome {
    DELIVERED,
    PERMANENT,
    RETRYABLE
  }

  private ExportResult doExport(List<FinishedSpan> spans, int n) {
    long deadline = time.nanoTime() + timeoutNanos;
    int dropped = encoder.prepare(spans, maxRequestBytes);
    int truncated = encoder.truncatedCount();
    int lostPermanently = dropped;
    int lostRetryable = 0;
    String message = null;
    if (dropped > 0) {
      message = dropped + " span(s) larger than maxRequestBytes (" + maxRequestBytes + ") dropped";
      failureLog.warn("{}", name + ": " + message);
    } else if (truncated > 0) {
      failureLog.warn(
          "{}", name + ": " + truncated + " span(s) had values truncated to fit maxRequestBytes");
    }
    int from = 0;
    while (from < n) {
      int next = encoder.encodeRequest(from);
      int count = encoder.requestSpanCount();
      if (count > 0) {
        Outcome outcome = send(encoder.body(), encoder.bodyLength(), deadline);
        if (outcome == Outcome.DELIVERED) {
          if (outcomeRejected > 0) {
            lostPermanently += Math.min(outcomeRejected, count);
            message = outcomeMessage;
          }
        } else if (outcome == Outcome.PERMANENT) {
          lostPermanently += count;
          message = outcomeMessage;
          failureLog.warn("{}", failureLine(outcomeMessage, count));
        } else {
          // The collector is unreachable or overloaded and the time is up: the rest of the
          // batch would meet the same fate, so it is not tried.
          int rest = count + encoder.liveCount(next, n);
          lostRetryable += rest;
          message = outcomeMessage;
          failureLog.warn("{}", failureLine(outcomeMessage, rest));
          break;
        }
      }
      from = next;
    }
    int lost = lostPermanently + lostRetryable;
    if (lost == 0) return ExportResult.success();
    return ExportResult.failure(lostRetryable > 0, lost, message);
  }

  private String failureLine(String why, int spans) {
    return name + " export to " + printableEndpoint + " failed: " + why + "; " + spans
        + " span(s) dropped";
  }

  /**
   * Sends one request body until it is delivered, fails permanently, or runs out of attempts or
   * time. Leaves the reason in {@link #outcomeMessage} and a partial rejection in {@link
   * #outcomeRejected}.
   */
  private Outcome send(byte[] body, int length, long deadline) {
    outcomeMessage = null;
    outcomeRejected = 0;
    if (gzip) {
      if (gzipper == null) gzipper = new Gzip();
      gzipper.compress(body, length);
      body = gzipper.array();
      length = gzipper.length();
    }
    long backoff = initialBackoffNanos;
    for (int attempt = 1; ; attempt++) {
      if (shutdown.get()) return fail(Outcome.PERMANENT, "exporter shut down");
      long remaining = deadline - time.nanoTime();
      if (remaining <= 0) return fail(Outcome.RETRYABLE, outcomeMessage("export timeout elapsed"));
      long retryAfter = sendOnce(body, length, remaining);
      if (retryAfter == DELIVERED) return Outcome.DELIVERED;
      if (retryAfter == PERMANENT) return Outcome.PERMANENT;
      if (attempt >= maxAttempts) {
        return fail(Outcome.RETRYABLE, outcomeMessage + " (after " + attempt + " attempts)");
      }
      long delay = retryAfter >= 0 ? retryAfter : jitter(backoff);
      backoff = (long) Math.min(maxBackoffNanos, backoff * HttpExporterConfig.BACKOFF_MULTIPLIER);
      if (delay >= deadline - time.nanoTime()) {
        return fail(
            Outcome.RETRYABLE,
            outcomeMessage + " (next attempt in " + Duration.ofNanos(delay).toMillis()
                + " ms would pass the export timeout)");
      }
      logger.debug("{} retrying in {} ms: {}", name, TimeUnit.NANOSECONDS.toMillis(delay), outcomeMessage);
      try {
        time.sleep(delay, wake);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return fail(Outcome.RETRYABLE, "interrupted");
      }
    }
  }

  private String outcomeMessage(String fallback) {
    return outcomeMessage != null ? outcomeMessage + " (" + fallback + ")" : fallback;
  }

  private Outcome fail(Outcome outcome, String message) {
    outcomeMessage = message;
    return outcome;
  }

  private static final long DELIVERED = -2;
  private static final long PERMANENT = -3;
  private static final long RETRY = -1;

  /**
   * One attempt.
   *
   * @return {@link #DELIVERED}, {@link #PERMANENT}, {@link #RETRY}, or, for a retryable answer
   *     with a {@code Retry-After}, the nanoseconds to wait
   */
  private long sendOnce(byte[] body, int length, long remainingNanos) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofNanos(Math.max(remainingNanos, TimeUnit.MILLISECONDS.toNanos(1))))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body, 0, length));
    for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
    request.setHeader("Content-Type", encoder.contentType());
    request.setHeader("User-Agent", userAgent);
    if (gzip) request.setHeader("Content-Encoding", "gzip");

    CompletableFuture<HttpResponse<byte[]>> future;
    try {
      future = client.sendAsync(request.build(), new BoundedBodyHandler(MAX_RESPONSE_BYTES));
    } catch (RuntimeException e) { // the executor was shut down under us
      outcomeMessage = shutdown.get() ? "exporter shut down" : "could not send: " + e;
      return PERMANENT;
    }
    inFlight = future;
    if (shutdown.get()) future.cancel(true);
    HttpResponse<byte[]> response;
    try {
      response = future.get(remainingNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) { // e.g. a body trickling in after the headers
      abandon(future, body);
      outcomeMessage = "timed out";
      return RETRY;
    } catch (CancellationException e) {
      abandon(future, body);
      outcomeMessage = "exporter shut down";
      return PERMANENT;
    } catch (InterruptedException e) { // the next sleep ends the attempts at once
      Thread.currentThread().interrupt();
      abandon(future, body);
      outcomeMessage = "interrupted";
      return RETRY;
    } catch (ExecutionException e) {
      return failed(e.getCause(), future, body);
    } finally {
      inFlight = null;
    }
    return answered(response);
  }

  private long failed(Throwable cause, CompletableFuture<?> future, byte[] body) {
    if (shutdown.get()) {
      abandon(future, body);
      outcomeMessage = "exporter shut down";
      return PERMANENT;
    }
    if (cause instanceof HttpConnectTimeoutException) {
      outcomeMessage = "connect timed out";
      return RETRY;
    }
    if (cause instanceof HttpTimeoutException) {
      abandon(future, body);
      outcomeMessage = "timed out";
      return RETRY;
    }
    if (cause instanceof ConnectException) {
      outcomeMessage = "connection refused";
      return RETRY;
    }
    if (cause instanceof SSLException) { // an untrusted certificate does not heal by itself
      outcomeMessage = "TLS failure: " + cause.getMessage();
      return PERMANENT;
    }
    if (cause instanceof IOException) {
      abandon(future, body);
      outcomeMessage = "connection failed: " + cause;
      return RETRY;
    }
    outcomeMessage = "request failed: " + cause;
    return PERMANENT;
  }

  private long answered(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    byte[] body = response.body();
    if (status >= 200 && status < 300) {
      String[] message = new String[1];
      int rejected = successReader == null ? 0 : successReader.rejectedSpans(body, message);
      if (rejected > 0 || message[0] != null) {
        outcomeRejected = rejected;
        outcomeMessage = "collector rejected " + rejected + " span(s): " + message[0];
        failureLog.warn("{}", name + " export to " + printableEndpoint + ": " + outcomeMessage);
      }
      return DELIVERED;
    }
    outcomeMessage = "HTTP " + status + excerpt(body);
    if (status == 429 || status == 502 || status == 503 || status == 504) {
      long retryAfter =
          retryAfterNanos(response.headers().firstValue("Retry-After").orElse(null), time.currentTimeMillis());
      return retryAfter >= 0 ? retryAfter : RETRY;
    }
    return PERMANENT;
  }

  /**
   * After a request was given up while the client may still read its body: the buffer goes with
   * it, the next request gets a new one.
   */
  private void abandon(CompletableFuture<?> future, byte[] body) {
    future.cancel(true);
    if (body == encoder.body()) encoder.abandonBuffer();
    if (gzipper != null && body == gzipper.array()) gzipper.abandonBuffer();
  }

  /** {@code Retry-After} in nanoseconds (delay-seconds or an HTTP date), or -1 if absent or bad. */
  static long retryAfterNanos(String header, long nowMillis) {
    if (header == null) return -1;
    String value = header.trim();
    if (value.isEmpty()) return -1;
    if (Character.isDigit(value.charAt(0))) {
      try {
        long seconds = Long.parseLong(value);
        return TimeUnit.SECONDS.toNanos(Math.min(seconds, TimeUnit.DAYS.toSeconds(1)));
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    try {
      long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      return TimeUnit.MILLISECONDS.toNanos(Math.max(0, Math.min(at - nowMillis, TimeUnit.DAYS.toMillis(1))));
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  /** Somewhere between half the backoff and all of it, so that many clients do not retry as one. */
  private static long jitter(long backoffNanos) {
    long half = backoffNanos / 2;
    return half + ThreadLocalRandom.current().nextLong(half + 1);
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

  private static ExecutorService newExecutor(String threadName) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, threadName + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    // One request at a time: in practice one or two threads, gone after 30 s idle.
    return new ThreadPoolExecutor(
        0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
  }
}
