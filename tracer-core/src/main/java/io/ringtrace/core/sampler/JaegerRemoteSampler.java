/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import io.ringtrace.core.internal.HttpClients;
import io.ringtrace.core.internal.ThrottledLogger;
import io.ringtrace.core.internal.Throwables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples as a Jaeger remote sampling endpoint says: polls {@code GET <endpoint>?service=<name>}
 * on a daemon thread and follows the strategy it answers (probabilistic, rate limiting or per
 * operation, see {@code docs/sampling.md}). Served by the Jaeger agent and collector and by the
 * OpenTelemetry Collector's {@code jaegerremotesampling} extension. Build one with {@link
 * Sampler#jaegerRemote(String)}.
 *
 * <p><b>Decisions.</b> Like the Jaeger clients, the strategy decides trace roots only: a span
 * whose parent carries a decision follows it, so wrapping this sampler in {@link
 * Sampler#parentBased(Sampler)} changes nothing. Until the first strategy arrives the initial
 * sampler decides; a strategy equal to the current one is ignored (its rate limiters keep their
 * state); a new one replaces the current sampler atomically.
 *
 * <p><b>Failures.</b> An endpoint that is down, slow (beyond the request timeout), answers
 * anything but 200, more than {@value #MAX_BODY_BYTES} bytes, invalid UTF-8, or JSON that is not
 * a valid strategy changes nothing: the last good sampler stays. The first failure is logged at
 * WARN, then at most one line a minute.
 *
 * <p><b>Threads and memory ordering.</b> {@link #sample} runs on application threads: one
 * volatile read of {@link #current} (an immutable strategy and sampler pair, so both are seen
 * together) and the delegate's decision. Polls run on one daemon thread named {@value
 * #THREAD_NAME}, first right after construction, then every polling interval with ±10% jitter,
 * serialized by {@link #pollLock}; each publishes a new pair with a single volatile write. {@link
 * #close()} stops the thread (interrupting a poll in flight), the HTTP client's thread (named
 * {@value #CLIENT_THREAD_NAME}) and the client itself (on Java 21 and later; before, it drops its
 * reference so that the client's selector thread ends once the client is collected), waits at
 * most {@value #THREAD_END_WAIT_MILLIS} ms for them to end, and closes the initial sampler if it
 * is {@link AutoCloseable}; the tracer calls it from its own {@code close()}.
 */
public final class JaegerRemoteSampler implements Sampler, AutoCloseable {

  /** The name of the polling thread. */
  static final String THREAD_NAME = "ringtrace-remote-sampler";

  /** The name of the thread that runs the HTTP client's work. */
  static final String CLIENT_THREAD_NAME = "ringtrace-remote-sampler-http";

  /** How long {@link #close()} waits, in all, for the threads it stopped to end. */
  static final long THREAD_END_WAIT_MILLIS = 200;

  /** The largest response body read; larger ones are refused. */
  static final int MAX_BODY_BYTES = 1 << 20;

  /** Polls are spread by up to this fraction of the interval, either way. */
  static final double JITTER = 0.1;

  private static final Logger LOG = LoggerFactory.getLogger(JaegerRemoteSampler.class);
  private static final SamplingDecision FOLLOW_SAMPLED = SamplingDecision.of(true);
  private static final SamplingDecision FOLLOW_NOT_SAMPLED = SamplingDecision.of(false);

  /** What a poll did. */
  enum PollResult {
    UPDATED,
    UNCHANGED,
    FAILED
  }

  /** The strategy in force (null: none yet, the initial sampler) and its sampler. Immutable. */
  private static final class Current {
    final SamplingStrategy strategy;
    final Sampler sampler;

    Current(SamplingStrategy strategy, Sampler sampler) {
      this.strategy = strategy;
      this.sampler = sampler;
    }
  }

  private final String serviceName;
  private final URI requestUri;
  private final Duration pollingInterval;
  private final Duration requestTimeout;
  private final int maxOperations;
  private final LongSupplier nanoTime;
  private final Sampler initialSampler;
  /** Null once closed, so that before Java 21 nothing keeps the client (and its thread) alive. */
  private volatile HttpClient client;
  private final ExecutorService clientExecutor;
  private final ScheduledExecutorService poller; // null when polling is left to the caller
  private final Object pollLock = new Object();
  private final ThrottledLogger failureLog = new ThrottledLogger(LOG);
  private final AtomicLong polls = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong updates = new AtomicLong();

  private volatile Current current;
  private volatile boolean closed;

  JaegerRemoteSampler(
      String serviceName,
      URI requestUri,
      Duration pollingInterval,
      Duration requestTimeout,
      Sampler initialSampler,
      int maxOperations,
      LongSupplier nanoTime,
      boolean pollAutomatically) {
    this.serviceName = serviceName;
    this.requestUri = requestUri;
    this.pollingInterval = pollingInterval;
    this.requestTimeout = requestTimeout;
    this.initialSampler = initialSampler;
    this.maxOperations = maxOperations;
    this.nanoTime = nanoTime;
    this.current = new Current(null, initialSampler);
    // One thread of our own for the client's work, instead of the JDK's default pool, whose
    // threads would outlive close() by a minute.
    ThreadPoolExecutor clientPool =
        new ThreadPoolExecutor(
            1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon(CLIENT_THREAD_NAME));
    clientPool.allowCoreThreadTimeOut(true);
    this.clientExecutor = clientPool;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(requestTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .executor(clientPool)
            .build();
    if (pollAutomatically) {
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(1, daemon(THREAD_NAME));
      executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      executor.setRemoveOnCancelPolicy(true);
      this.poller = executor;
      executor.execute(this::pollAndReschedule); // at startup, without delaying the caller
    } else {
      this.poller = null;
    }
  }

  @Override
  public SamplingDecision sample(
      Parent parent, long traceIdHigh, long traceIdLow, String operationName) {
    switch (parent) {
      case REMOTE_SAMPLED:
      case LOCAL_SAMPLED:
        return FOLLOW_SAMPLED;
      case REMOTE_NOT_SAMPLED:
      case LOCAL_NOT_SAMPLED:
        return FOLLOW_NOT_SAMPLED;
      default:
        return current.sampler.sample(parent, traceIdHigh, traceIdLow, operationName);
    }
  }

  /** Stops polling; the current sampler keeps deciding. Idempotent, never throws. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (poller != null) poller.shutdownNow();
    HttpClient c = client;
    client = null;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(THREAD_END_WAIT_MILLIS);
    HttpClients.shutdownNow(c, Duration.ofMillis(THREAD_END_WAIT_MILLIS));
    // Not shutdownNow: that would discard the client's queued tasks, and before Java 21 an
    // exchange that never completes keeps the client's selector thread alive for good.
    clientExecutor.shutdown();
    if (poller != null) HttpClients.awaitTermination(poller, deadline);
    HttpClients.awaitTermination(clientExecutor, deadline);
    Samplers.closeQuietly(initialSampler);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String toString() {
    Current c = current;
    return "JaegerRemoteSampler{"
        + serviceName
        + ", "
        + (c.strategy == null ? "initial " + c.sampler : c.strategy.toString())
        + '}';
  }

  // ---------------------------------------------------------------------------------------------
  // Polling

  private void pollAndReschedule() {
    if (closed) return;
    pollNow();
    if (closed) return;
    long base = pollingInterval.toNanos();
    double jitter = 1.0 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    long delay = Math.max(1L, (long) (base * jitter));
    try {
      poller.schedule(this::pollAndReschedule, delay, TimeUnit.NANOSECONDS);
    } catch (RuntimeException rejected) { // closed meanwhile
      Throwables.propagateIfFatal(rejected);
    }
  }

  /** Polls once, on the calling thread; never throws. */
  PollResult pollNow() {
    synchronized (pollLock) {
      polls.incrementAndGet();
      String failure;
      try {
        SamplingStrategy strategy = SamplingStrategy.parse(fetch());
        if (strategy.equals(current.strategy)) return PollResult.UNCHANGED;
        current = new Current(strategy, strategy.toSampler(maxOperations, nanoTime));
        updates.incrementAndGet();
        LOG.debug("sampling strategy of {} is now {}", serviceName, strategy);
        return PollResult.UPDATED;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // close() stops us: say nothing
        failures.incrementAndGet();
        return PollResult.FAILED;
      } catch (SamplingStrategy.InvalidStrategyException e) {
        failure = "invalid strategy: " + e.getMessage();
      } catch (IOException e) {
        failure = e.toString();
      } catch (Throwable t) {
        Throwables.propagateIfFatal(t);
        failure = t.toString();
      }
      failures.incrementAndGet();
      if (!closed) {
        failureLog.warn(
            "could not update the sampling strategy; keeping the current one: {}",
            requestUri + ": " + failure);
      }
      return PollResult.FAILED;
    }
  }

  /** The response body, as text. */
  private String fetch() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(requestUri)
            .timeout(requestTimeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpClient c = client;
    if (c == null) throw new IOException("sampler closed");
    CompletableFuture<HttpResponse<byte[]>> future =
        c.sendAsync(request, info -> new BoundedBody(info.statusCode(), MAX_BODY_BYTES));
    HttpResponse<byte[]> response;
    try {
      // The request timeout covers the headers; this deadline covers the body too.
      long nanos = requestTimeout.toNanos();
      long deadline = nanos > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * nanos;
      response = future.get(deadline, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new IOException("no complete answer within " + requestTimeout);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) throw (IOException) cause;
      throw new IOException(String.valueOf(cause));
    }
    int status = response.statusCode();
    if (status != 200) throw new IOException("HTTP " + status);
    return decodeUtf8(response.body());
  }

  private static String decodeUtf8(byte[] body) throws IOException {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new IOException("the body is not UTF-8");
    }
  }

  /**
   * Collects a body of at most {@code limit} bytes; fails (and cancels the rest) beyond. A body
   * of an error status is not kept. Calls come one at a time, as {@link Flow} promises.
   */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final boolean keep;
    private final int limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    BoundedBody(int status, int limit) {
      this.keep = status == 200;
      this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) return;
      for (ByteBuffer item : items) {
        if (!keep) continue; // drain, so the connection can be reused
        int n = item.remaining();
        if (n > limit - out.size()) {
          subscription.cancel();
          result.completeExceptionally(
              new IOException("response body larger than " + limit + " bytes"));
          return;
        }
        byte[] chunk = new byte[n];
        item.get(chunk);
        out.write(chunk, 0, n);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // For tests

  /** The sampler that decides roots now. */
  Sampler currentSampler() {
    return current.sampler;
  }

  /** The strategy in force, or null before the first one. */
  SamplingStrategy currentStrategy() {
    return current.strategy;
  }

  /** The URL polled, {@code ?service=} included. */
  public URI requestUri() {
    return requestUri;
  }

  long pollCount() {
    return polls.get();
  }

  long failureCount() {
    return failures.get();
  }

  long updateCount() {
    return updates.get();
  }

  /** Waits for the polling thread to end after {@link #close()}; true if it did. */
  boolean awaitTermination(Duration timeout) throws InterruptedException {
    return poller == null || poller.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
