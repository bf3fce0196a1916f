/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Resource;
import io.ringtrace.core.internal.HttpClients;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
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
 * <p><b>Threads.</b> Encoding is serialized by {@link #exportLock}, which owns the encoder, the
 * gzip buffer and the deflater; each request body leaves it as a copy of its own. {@link #export}
 * then sends on the calling thread; {@link #exportAsync} hands the sending to a small pool of
 * sender threads and returns, so that the reporter thread can encode the next batch meanwhile.
 * The state of one send (its outcome message, the spans a collector rejected) lives in a {@link
 * Send} of its own. {@link #shutdown} may come from any thread at any time: it cancels the
 * requests in flight, wakes backoff sleeps and completes the open exports, so that a hung
 * collector cannot hold anyone past a deadline; then it stops the sender and client threads and
 * the {@link HttpClient} (on Java 21 and later; before, it drops its only reference to the client,
 * whose selector thread then ends once the client is collected), and waits at most {@value
 * #THREAD_END_WAIT_MILLIS} ms for those threads to end.
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
  private static final int SENDER_THREADS = 4;
  private static final int MAX_LOGGED_BODY_CHARS = 256;
  private static final AtomicInteger EXPORTER_IDS = new AtomicInteger();
  /** How long {@link #shutdown} waits, in all, for the threads it stopped to end. */
  static final long THREAD_END_WAIT_MILLIS = 200;

  private static final long THREAD_END_WAIT_NANOS =
      TimeUnit.MILLISECONDS.toNanos(THREAD_END_WAIT_MILLIS);

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
  private final ThreadPoolExecutor senders;
  /**
   * Null once shut down: before Java 21 the client's selector thread ends only when the client is
   * unreachable, so the exporter (which the user's tracer may keep) must not hold it.
   */
  private volatile HttpClient client;
  private final String userAgent = "ringtrace-java/" + Resource.sdkVersion();

  private final ReentrantLock exportLock = new ReentrantLock();
  private final AtomicBoolean shutdown = new AtomicBoolean();
  private final CountDownLatch wake = new CountDownLatch(1);
  /** Attempts on the wire, for {@link #shutdown} to cancel. */
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  /** Outcomes of {@link #exportAsync} not yet known, with their spans, for {@link #shutdown}. */
  private final Map<CompletableFuture<ExportResult>, Integer> openExports =
      new ConcurrentHashMap<>();

  // Guarded by exportLock.
  private Gzip gzipper;
  private boolean released;

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
    int id = EXPORTER_IDS.incrementAndGet();
    this.executor = newExecutor("ringtrace-" + name + "-exporter-" + id);
    this.senders = newSenders("ringtrace-" + name + "-sender-" + id);
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

  /** Encodes and sends {@code spans} on the calling thread. */
  ExportResult export(List<FinishedSpan> spans) {
    int n = spans == null ? 0 : spans.size();
    if (n == 0) return ExportResult.success();
    Encoded encoded = encode(spans, n);
    return encoded.result != null ? encoded.result : sendAll(encoded);
  }

  /**
   * Encodes {@code spans} on the calling thread and sends them on a sender thread; the future
   * completes with the outcome, or with a failure at once when the exporter shuts down.
   */
  CompletableFuture<ExportResult> exportAsync(List<FinishedSpan> spans) {
    int n = spans == null ? 0 : spans.size();
    if (n == 0) return CompletableFuture.completedFuture(ExportResult.success());
    Encoded encoded = encode(spans, n);
    if (encoded.result != null) return CompletableFuture.completedFuture(encoded.result);
    CompletableFuture<ExportResult> outcome = new CompletableFuture<>();
    openExports.put(outcome, n);
    try {
      senders.execute(
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
    for (CompletableFuture<?> f : inFlight) f.cancel(true);
    openExports.forEach((open, spans) -> open.complete(shutDown(spans))); // no-op if completed
    senders.shutdownNow();
    HttpClient c = client;
    client = null;
    long deadline = System.nanoTime() + THREAD_END_WAIT_NANOS;
    HttpClients.shutdownNow(c, Duration.ofNanos(THREAD_END_WAIT_NANOS));
    // Not shutdownNow: the client's own tasks must run to their end (before Java 21 an exchange
    // that never completes keeps its selector thread alive); idle threads end at once.
    executor.shutdown();
    awaitTermination(senders, deadline);
    awaitTermination(executor, deadline);
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

  /** Waits until {@code pool}'s threads have ended or the deadline passed; keeps interrupts. */
  private static void awaitTermination(ExecutorService pool, long deadline) {
    try {
      long remaining = deadline - System.nanoTime();
      if (remaining > 0) pool.awaitTermination(remaining, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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

  /** A batch encoded into request bodies; or, in {@link #result}, why nothing is to be sent. */
  private static final class Encoded {
    final List<byte[]> bodies = new ArrayList<>(2);
    final List<Integer> spans = new ArrayList<>(2); // per body
    long deadline;
    int dropped; // too large for any request
    String message;
    ExportResult result;
  }

  /**
   * The size and write passes under {@link #exportLock}, each request compressed if asked and
   * copied out, so that the lock is free again before anything is sent.
   */
  private Encoded encode(List<FinishedSpan> spans, int n) {
    Encoded e = new Encoded();
    if (shutdown.get()) {
      e.result = shutDown(n);
      return e;
    }
    exportLock.lock();
    try {
      if (shutdown.get()) {
        e.result = shutDown(n);
        return e;
      }
      e.deadline = time.nanoTime() + timeoutNanos;
      int dropped = encoder.prepare(spans, maxRequestBytes);
      int truncated = encoder.truncatedCount();
      e.dropped = dropped;
      if (dropped > 0) {
        e.message =
            dropped + " span(s) larger than maxRequestBytes (" + maxRequestBytes + ") dropped";
        failureLog.warn("{}", name + ": " + e.message);
      } else if (truncated > 0) {
        failureLog.warn(
            "{}", name + ": " + truncated + " span(s) had values truncated to fit maxRequestBytes");
      }
      int from = 0;
      while (from < n) {
        int next = encoder.encodeRequest(from);
        int count = encoder.requestSpanCount();
        if (count > 0) {
          e.bodies.add(compressed(encoder.body(), encoder.bodyLength()));
          e.spans.add(count);
        }
        from = next;
      }
      if (e.bodies.isEmpty()) {
        e.result =
            dropped == 0 ? ExportResult.success() : ExportResult.failure(false, dropped, e.message);
      }
      return e;
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      failureLog.warn("{}", name + " export failed: " + t + "; " + n + " span(s) dropped");
      e.result = ExportResult.failure(false, n, "export failed: " + t);
      return e;
    } finally {
      encoder.clear();
      if (shutdown.get()) release();
      exportLock.unlock();
    }
  }

  /** A copy of the body, gzip-compressed if asked. */
  private byte[] compressed(byte[] body, int length) {
    if (!gzip) return Arrays.copyOf(body, length);
    if (gzipper == null) gzipper = new Gzip();
    gzipper.compress(body, length);
    return Arrays.copyOf(gzipper.array(), gzipper.length());
  }

  private static ExportResult shutDown(int spans) {
    return ExportResult.failure(false, spans, "exporter shut down");
  }

  /** Sends the bodies of one batch in order and tallies what was lost. */
  private ExportResult sendAll(Encoded e) {
    int lostPermanently = e.dropped;
    int lostRetryable = 0;
    String message = e.message;
    for (int i = 0; i < e.bodies.size(); i++) {
      int count = e.spans.get(i);
      Send send = new Send();
      Outcome outcome = send(e.bodies.get(i), e.deadline, send);
      if (outcome == Outcome.DELIVERED) {
        if (send.rejected > 0) {
          lostPermanently += Math.min(send.rejected, count);
          message = send.message;
        }
      } else if (outcome == Outcome.PERMANENT) {
        lostPermanently += count;
        message = send.message;
        failureLog.warn("{}", failureLine(send.message, count));
      } else {
        // The collector is unreachable or overloaded and the time is up: the rest of the
        // batch would meet the same fate, so it is not tried.
        int rest = count;
        for (int j = i + 1; j < e.spans.size(); j++) rest += e.spans.get(j);
        lostRetryable += rest;
        message = send.message;
        failureLog.warn("{}", failureLine(send.message, rest));
        break;
      }
    }
    int lost = lostPermanently + lostRetryable;
    if (lost == 0) return ExportResult.success();
    return ExportResult.failure(lostRetryable > 0, lost, message);
  }

  /** What one request's attempts learned: why it failed, how many spans the collector refused. */
  private static final class Send {
    String message;
    int rejected;
  }

  private String failureLine(String why, int spans) {
    return name + " export to " + printableEndpoint + " failed: " + why + "; " + spans
        + " span(s) dropped";
  }

  /**
   * Sends one request body until it is delivered, fails permanently, or runs out of attempts or
   * time. Leaves the reason and a partial rejection in {@code send}.
   */
  private Outcome send(byte[] body, long deadline, Send send) {
    long backoff = initialBackoffNanos;
    for (int attempt = 1; ; attempt++) {
      if (shutdown.get()) return fail(send, Outcome.PERMANENT, "exporter shut down");
      long remaining = deadline - time.nanoTime();
      if (remaining <= 0) return fail(send, Outcome.RETRYABLE, outcomeMessage(send, "export timeout elapsed"));
      long retryAfter = sendOnce(body, remaining, send);
      if (retryAfter == DELIVERED) return Outcome.DELIVERED;
      if (retryAfter == PERMANENT) return Outcome.PERMANENT;
      if (attempt >= maxAttempts) {
        return fail(send, Outcome.RETRYABLE, send.message + " (after " + attempt + " attempts)");
      }
      long delay = retryAfter >= 0 ? retryAfter : jitter(backoff);
      backoff = (long) Math.min(maxBackoffNanos, backoff * HttpExporterConfig.BACKOFF_MULTIPLIER);
      if (delay >= deadline - time.nanoTime()) {
        return fail(
            send,
            Outcome.RETRYABLE,
            send.message + " (next attempt in " + Duration.ofNanos(delay).toMillis()
                + " ms would pass the export timeout)");
      }
      logger.debug("{} retrying in {} ms: {}", name, TimeUnit.NANOSECONDS.toMillis(delay), send.message);
      try {
        time.sleep(delay, wake);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return fail(send, Outcome.RETRYABLE, "interrupted");
      }
    }
  }

  private static String outcomeMessage(Send send, String fallback) {
    return send.message != null ? send.message + " (" + fallback + ")" : fallback;
  }

  private static Outcome fail(Send send, Outcome outcome, String message) {
    send.message = message;
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
  private long sendOnce(byte[] body, long remainingNanos, Send send) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofNanos(Math.max(remainingNanos, TimeUnit.MILLISECONDS.toNanos(1))))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
    request.setHeader("Content-Type", encoder.contentType());
    request.setHeader("User-Agent", userAgent);
    if (gzip) request.setHeader("Content-Encoding", "gzip");

    HttpClient c = client;
    if (c == null) {
      send.message = "exporter shut down";
      return PERMANENT;
    }
    CompletableFuture<HttpResponse<byte[]>> future;
    try {
      future = c.sendAsync(request.build(), new BoundedBodyHandler(MAX_RESPONSE_BYTES));
    } catch (RuntimeException e) { // the executor was shut down under us
      send.message = shutdown.get() ? "exporter shut down" : "could not send: " + e;
      return PERMANENT;
    }
    inFlight.add(future);
    if (shutdown.get()) future.cancel(true);
    HttpResponse<byte[]> response;
    try {
      response = future.get(remainingNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) { // e.g. a body trickling in after the headers
      future.cancel(true);
      send.message = "timed out";
      return RETRY;
    } catch (CancellationException e) {
      future.cancel(true);
      send.message = "exporter shut down";
      return PERMANENT;
    } catch (InterruptedException e) { // the next sleep ends the attempts at once
      Thread.currentThread().interrupt();
      future.cancel(true);
      send.message = "interrupted";
      return RETRY;
    } catch (ExecutionException e) {
      return failed(e.getCause(), future, send);
    } finally {
      inFlight.remove(future);
    }
    return answered(response, send);
  }

  private long failed(Throwable cause, CompletableFuture<?> future, Send send) {
    if (shutdown.get()) {
      future.cancel(true);
      send.message = "exporter shut down";
      return PERMANENT;
    }
    if (cause instanceof HttpConnectTimeoutException) {
      send.message = "connect timed out";
      return RETRY;
    }
    if (cause instanceof HttpTimeoutException) {
      future.cancel(true);
      send.message = "timed out";
      return RETRY;
    }
    if (cause instanceof ConnectException) {
      send.message = "connection refused";
      return RETRY;
    }
    if (cause instanceof SSLException) { // an untrusted certificate does not heal by itself
      send.message = "TLS failure: " + cause.getMessage();
      return PERMANENT;
    }
    if (cause instanceof IOException) {
      future.cancel(true);
      send.message = "connection failed: " + cause;
      return RETRY;
    }
    send.message = "request failed: " + cause;
    return PERMANENT;
  }

  private long answered(HttpResponse<byte[]> response, Send send) {
    int status = response.statusCode();
    byte[] body = response.body();
    if (status >= 200 && status < 300) {
      String[] message = new String[1];
      int rejected = successReader == null ? 0 : successReader.rejectedSpans(body, message);
      if (rejected > 0 || message[0] != null) {
        send.rejected = rejected;
        send.message = "collector rejected " + rejected + " span(s): " + message[0];
        failureLog.warn("{}", name + " export to " + printableEndpoint + ": " + send.message);
      }
      return DELIVERED;
    }
    send.message = "HTTP " + status + excerpt(body);
    if (status == 429 || status == 502 || status == 503 || status == 504) {
      long retryAfter =
          retryAfterNanos(response.headers().firstValue("Retry-After").orElse(null), time.currentTimeMillis());
      return retryAfter >= 0 ? retryAfter : RETRY;
    }
    return PERMANENT;
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

  /**
   * Threads that send the batches of {@link #exportAsync}: as many as {@value #SENDER_THREADS}
   * at once (the reporter keeps fewer exports open by default), gone after 30 s idle.
   */
  private static ThreadPoolExecutor newSenders(String threadName) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            SENDER_THREADS,
            SENDER_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads(threadName));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ExecutorService newExecutor(String threadName) {
    // A few requests at a time: in practice a few threads, gone after 30 s idle.
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        30,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        daemonThreads(threadName));
  }

  /** Daemon threads named {@code threadName-1}, {@code threadName-2} ... */
  private static ThreadFactory daemonThreads(String threadName) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, threadName + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
