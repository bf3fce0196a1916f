/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.sampler.Sampler;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.Reference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** After {@code close()} none of the tracer's threads is alive, whatever the tracer did before. */
@Timeout(60)
class CloseLeavesNoThreadTest {

  /** Counts what it is given, on the reporter thread. */
  static final class CountingExporter implements SpanExporter {
    final AtomicLong spans = new AtomicLong();

    @Override
    public ExportResult export(List<FinishedSpan> batch) {
      spans.addAndGet(batch.size());
      return ExportResult.success();
    }

    @Override
    public void shutdown() {}
  }

  @Test
  void aTracerThatNeverSentAnything_leavesNoThreadAfterClose() throws Exception {
    LeftoverThreads threads = LeftoverThreads.snapshot();
    RingtraceTracer tracer = Ringtrace.builder("idle").exporter(new CountingExporter()).build();
    assertThat(threads.names()).as("threads of the open tracer").isNotEmpty();

    tracer.close();

    threads.assertNoneLeft();
    Reference.reachabilityFence(tracer); // the tracer is still referenced: its threads ended anyway
  }

  @Test
  void aTracerThatExported_leavesNoThreadAfterClose() throws Exception {
    LeftoverThreads threads = LeftoverThreads.snapshot();
    CountingExporter exporter = new CountingExporter();
    RingtraceTracer tracer =
        Ringtrace.builder("busy").sampler(Sampler.alwaysOn()).exporter(exporter).build();
    int finished = 0;
    for (int i = 0; i < 100; i++, finished++) tracer.buildSpan("op").start().finish();

    assertThat(tracer.close(Duration.ofSeconds(10))).isTrue();

    assertThat(exporter.spans).hasValue(finished);
    threads.assertNoneLeft();
    Reference.reachabilityFence(tracer);
  }

  @Test
  void aTracerWhoseRemoteSamplerPolled_leavesNoThreadAfterClose() throws Exception {
    CountDownLatch polled = new CountDownLatch(1);
    byte[] strategy =
        "{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":1.0}}"
            .getBytes(StandardCharsets.UTF_8);
    ExecutorService serverThreads = Executors.newCachedThreadPool();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(serverThreads);
    server.createContext(
        "/sampling",
        exchange -> {
          exchange.sendResponseHeaders(200, strategy.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(strategy);
          } catch (IOException e) {
            // the client went away
          } finally {
            exchange.close();
            polled.countDown();
          }
        });
    server.start();
    try {
      LeftoverThreads threads = LeftoverThreads.snapshot();
      RingtraceTracer tracer =
          Ringtrace.builder("remote")
              .sampler(
                  Sampler.jaegerRemote("remote")
                      .endpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/sampling")
                      .build())
              .exporter(new CountingExporter())
              .build();
      assertThat(polled.await(20, TimeUnit.SECONDS)).as("the sampler polled").isTrue();
      assertThat(threads.names()).anyMatch(name -> name.startsWith("HttpClient-"));

      tracer.close();

      threads.assertNoneLeft();
      Reference.reachabilityFence(tracer);
    } finally {
      server.stop(0);
      serverThreads.shutdownNow();
    }
  }

  @Test
  void aTracerClosedWhileItsRemoteSamplerPolls_leavesNoThreadAfterClose() throws Exception {
    CountDownLatch polling = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService serverThreads = Executors.newCachedThreadPool();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(serverThreads);
    server.createContext(
        "/sampling",
        exchange -> {
          polling.countDown();
          try {
            release.await(30, TimeUnit.SECONDS); // answers only once the tracer is closed
            exchange.sendResponseHeaders(500, -1);
          } catch (InterruptedException | IOException e) {
            // the test ends
          } finally {
            exchange.close();
          }
        });
    server.start();
    try {
      LeftoverThreads threads = LeftoverThreads.snapshot();
      RingtraceTracer tracer =
          Ringtrace.builder("polling")
              .sampler(
                  Sampler.jaegerRemote("polling")
                      .endpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/sampling")
                      .build())
              .exporter(new CountingExporter())
              .build();
      assertThat(polling.await(20, TimeUnit.SECONDS)).as("the sampler is polling").isTrue();

      tracer.close();
      release.countDown();

      threads.assertNoneLeft();
      Reference.reachabilityFence(tracer);
    } finally {
      release.countDown();
      server.stop(0);
      serverThreads.shutdownNow();
    }
  }
}
