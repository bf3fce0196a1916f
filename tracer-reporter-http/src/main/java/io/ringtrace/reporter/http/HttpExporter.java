/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.internal.ThrottledLogger;
import io.ringtrace.core.internal.Throwables;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.reporter.http.internal.BatchEncoder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * What both HTTP exporters do once a batch is encoded: split it into requests, compress, POST,
 * retry what is retryable, and account for every span in the {@link ExportResult}.
 *
 * <p><b>The parts.</b> {@link RequestBodies} encodes and compresses a batch into request bodies;
 * {@link HttpAttempt} sends one body once and says what the answer means ({@link AttemptResult});
 * {@link RetryPolicy} says which answers and failures are tried again and how long to wait; the
 * loop here applies it; {@link ExporterThreads} owns the sender threads, the client and its
 * executor.
 *
 * <p><b>Outcomes.</b> A 2xx answer delivers the request (OTLP may still reject some spans: partial
 * success). 429, 502, 503, 504, a connection that fails or times out are transient: the request
 * is sent again after an exponential backoff with jitter, or after the {@code Retry-After} the
 * collector asked for, as long as attempts remain and the retry can start before the export
 * timeout. Any other answer is permanent: the spans are counted as rejected, never sent again. A
 * failure is logged at WARN at most once per minute, with the status and the start of the answer,
 * never with header values.
 *
 * <p><b>Threads.</b> Encoding is serialized (see {@link RequestBodies}); each request body leaves
 * it as a copy of its own. {@link #export} then sends on the calling thread; {@link #exportAsync}
 * hands the sending to a small pool of sender threads and returns, so that the reporter thread
 * can encode the next batch meanwhile; several batches may be on the wire at once. The state of
 * one send lives in its own locals and {@link AttemptResult}s. {@link #shutdown} may come from
 * any thread at any time: it cancels the requests in flight, wakes backoff sleeps and completes
 * the open exports, so that a hung collector cannot hold anyone past a deadline; then it stops the
 * sender and client threads and the client, and waits at most {@value #THREAD_END_WAIT_MILLIS} ms
 * for those threads to end.
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

  /** How long {@link #shutdown} waits, in all, for the threads it stopped to end. */
  static final long THREAD_END_WAIT_MILLIS = 200;

  private static final long THREAD_END_WAIT_NANOS =
      TimeUnit.MILLISECONDS.toNanos(THREAD_END_WAIT_MILLIS);

  private final String name;
  private final String printableEndpoint;
  private final RetryPolicy retry;
  private final Time time;
  private final Logger logger;
  private final ThrottledLogger failureLog;
  private final ExporterThreads threads;
  private final RequestBodies bodies;
  private final HttpAttempt attempt;

  private final AtomicBoolean shutdown = new AtomicBoolean();
  private final CountDownLatch wake = new CountDownLatch(1);
  /** Outcomes of {@link #exportAsync} not yet known, with their spans, for {@link #shutdown}. */
  private final Map<CompletableFuture<ExportResult>, Integer> openExports =
      new ConcurrentHashMap<>();

  HttpExporter(
      String name, HttpExporterConfig config, BatchEncoder encoder, SuccessReader successReader,
      Logger logger) {
    config.validate();
    this.name = name;
    this.printableEndpoint = HttpExporterConfig.printable(config.endpoint);
    this.retry = RetryPolicy.of(config);
    this.time = config.time;
    this.logger = logger;
    this.failureLog = new ThrottledLogger(logger);
    this.threads =
        new ExporterThreads(name, Math.min(config.connectTimeoutNanos, config.timeoutNanos));
    this.bodies = new RequestBodies(name, config, encoder, shutdown, failureLog);
    this.attempt =
        new HttpAttempt(
            name, config, bodies.contentType(), successReader, threads, shutdown, failureLog);
  }

  String printableEndpoint() {
    return printableEndpoint;
  }

  /** Encodes and sends {@code spans} on the calling thread. */
  ExportResult export(List<FinishedSpan> spans) {
    int n = spans == null ? 0 : spans.size();
    if (n == 0) return ExportResult.success();
    RequestBodies.Encoded encoded = bodies.encode(spans, n);
    return encoded.result != null ? encoded.result : sendAll(encoded);
  }

  /**
   * Encodes {@code spans} on the calling thread and sends them on a sender thread; the future
   * completes with the outcome, or with a failure at once when the exporter shuts down.
   */
  CompletableFuture<ExportResult> exportAsync(List<FinishedSpan> spans) {
    int n = spans == null ? 0 : spans.size();
    if (n == 0) return CompletableFuture.completedFuture(ExportResult.success());
    RequestBodies.Encoded encoded = bodies.encode(spans, n);
    if (encoded.result != null) return CompletableFuture.completedFuture(encoded.result);
    CompletableFuture<ExportResult> outcome = new CompletableFuture<>();
    openExports.put(outcome, n);
    try {
      threads.execute(
          () -> {
            try {
              outcome.complete(sendAll(encoded));
            } catch (Throwable t) {
              Throwables.propagateIfFatal(t);
              outcome.complete(ExportResult.failure(false, n, "export failed: " + t));
            } finally {
              openExports.remove(outcome);
            }
          });
    } catch (RejectedExecutionException e) { // shut down meanwhile
      openExports.remove(outcome);
      outcome.complete(shutDown(n));
    }
    // A shutdown that raced with the above: completed already, or completed here (no-op twice).
    if (shutdown.get()) outcome.complete(shutDown(n));
    return outcome;
  }

  void shutdown() {
    if (!shutdown.compareAndSet(false, true)) return;
    wake.countDown();
    attempt.cancelAll();
    openExports.forEach((open, spans) -> open.complete(shutDown(spans))); // no-op if completed
    threads.shutdown(THREAD_END_WAIT_NANOS);
    bodies.releaseIfIdle(); // else the encoding thread releases on its way out
  }

  boolean isShutdown() {
    return shutdown.get();
  }

  static ExportResult shutDown(int spans) {
    return ExportResult.failure(false, spans, "exporter shut down");
  }

  /** Sends the bodies of one batch in order and tallies what was lost. */
  private ExportResult sendAll(RequestBodies.Encoded e) {
    int lostPermanently = e.dropped;
    int lostRetryable = 0;
    String message = e.message;
    for (int i = 0; i < e.bodies.size(); i++) {
      int count = e.spans.get(i);
      AttemptResult sent = send(e.bodies.get(i), e.deadline);
      if (sent.kind == AttemptResult.Kind.DELIVERED) {
        if (sent.rejectedSpans > 0) {
          lostPermanently += Math.min(sent.rejectedSpans, count);
          message = sent.message;
        }
      } else if (sent.kind == AttemptResult.Kind.PERMANENT) {
        lostPermanently += count;
        message = sent.message;
        failureLog.warn("{}", failureLine(sent.message, count));
      } else {
        // The collector is unreachable or overloaded and the time is up: the rest of the
        // batch would meet the same fate, so it is not tried.
        int rest = count;
        for (int j = i + 1; j < e.spans.size(); j++) rest += e.spans.get(j);
        lostRetryable += rest;
        message = sent.message;
        failureLog.warn("{}", failureLine(sent.message, rest));
        break;
      }
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
   * Sends one request body, applying the {@link RetryPolicy}, until it is delivered, fails
   * permanently, or runs out of attempts or time. A {@code RETRY} answer here means: given up on
   * a transient failure.
   */
  private AttemptResult send(byte[] body, long deadline) {
    long backoff = retry.initialBackoffNanos;
    String last = null; // why the previous attempt failed
    for (int attempts = 1; ; attempts++) {
      if (shutdown.get()) return AttemptResult.permanent("exporter shut down");
      long remaining = deadline - time.nanoTime();
      if (remaining <= 0) {
        return AttemptResult.retry(
            last != null ? last + " (export timeout elapsed)" : "export timeout elapsed");
      }
      AttemptResult sent = attempt.send(body, remaining);
      if (sent.kind != AttemptResult.Kind.RETRY) return sent;
      last = sent.message;
      if (attempts >= retry.maxAttempts) {
        return AttemptResult.retry(last + " (after " + attempts + " attempts)");
      }
      long delay = RetryPolicy.delay(backoff, sent.retryAfterNanos);
      backoff = retry.next(backoff);
      if (delay >= deadline - time.nanoTime()) {
        return AttemptResult.retry(
            last + " (next attempt in " + Duration.ofNanos(delay).toMillis()
                + " ms would pass the export timeout)");
      }
      logger.debug("{} retrying in {} ms: {}", name, TimeUnit.NANOSECONDS.toMillis(delay), last);
      try {
        time.sleep(delay, wake);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return AttemptResult.retry("interrupted");
      }
    }
  }
}
