/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import io.ringtrace.core.internal.HttpClients;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one HTTP exporter owns, and its {@link HttpClient}: daemon sender threads, {@code
 * ringtrace-<name>-sender-<id>-<n>}, that send the batches of {@code exportAsync}; and the
 * client's executor, {@code ringtrace-<name>-exporter-<id>-<n>}. Both pools let idle threads end
 * after 30 s.
 *
 * <p><b>Ownership.</b> Created with the exporter, stopped by its shutdown ({@link #shutdown}),
 * once: the senders at once (their tasks are interrupted), the client through {@link
 * HttpClients#shutdownNow} (on Java 21 and later; before, the only reference to it is dropped, so
 * that its selector thread ends once the client is collected), the client's executor gracefully
 * (its own tasks must run to their end), waiting a bounded time for those threads to end. {@link
 * #client()} is volatile and null once shut down: the exporter, which the user's tracer may keep,
 * must not hold the client.
 */
final class ExporterThreads {

  private static final int SENDER_THREADS = 4;
  private static final AtomicInteger EXPORTER_IDS = new AtomicInteger();

  private final ExecutorService executor;
  private final ThreadPoolExecutor senders;
  private volatile HttpClient client;

  ExporterThreads(String name, long connectTimeoutNanos) {
    int id = EXPORTER_IDS.incrementAndGet();
    this.executor = newExecutor("ringtrace-" + name + "-exporter-" + id);
    this.senders = newSenders("ringtrace-" + name + "-sender-" + id);
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with collectors
            .connectTimeout(Duration.ofNanos(connectTimeoutNanos))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
  }

  /** The client, or null once shut down. */
  HttpClient client() {
    return client;
  }

  /** Runs {@code send} on a sender thread. */
  void execute(Runnable send) throws RejectedExecutionException {
    senders.execute(send);
  }

  /** Stops the senders, the client and its executor; waits at most {@code waitNanos} in all. */
  void shutdown(long waitNanos) {
    senders.shutdownNow();
    HttpClient c = client;
    client = null;
    long deadline = System.nanoTime() + waitNanos;
    HttpClients.shutdownNow(c, Duration.ofNanos(waitNanos));
    // Not shutdownNow: the client's own tasks must run to their end (before Java 21 an exchange
    // that never completes keeps its selector thread alive); idle threads end at once.
    executor.shutdown();
    HttpClients.awaitTermination(senders, deadline);
    HttpClients.awaitTermination(executor, deadline);
  }

  /**
   * Threads that send the batches of {@code exportAsync}: as many as {@value #SENDER_THREADS} at
   * once (the reporter keeps fewer exports open by default), gone after 30 s idle.
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
