/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ringtrace.core.sampler.JaegerRemoteSampler.PollResult;
import io.ringtrace.core.sampler.Sampler.Parent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JaegerRemoteSamplerTest {

  private static final String PROBABILISTIC_ALL =
      "{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":1.0}}";
  private static final String PROBABILISTIC_NONE =
      "{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":0.0}}";

  /** What the endpoint answers next. */
  private interface Answer {
    void write(HttpExchange exchange) throws IOException;
  }

  private HttpServer server;
  private ExecutorService serverThreads;
  private final CountDownLatch releaseHanging = new CountDownLatch(1);
  private final List<URI> requests = new CopyOnWriteArrayList<>();
  private volatile Answer answer = json(200, PROBABILISTIC_ALL);
  private final FakeNanoClock clock = new FakeNanoClock();
  private JaegerRemoteSampler sampler;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serverThreads = Executors.newCachedThreadPool();
    server.setExecutor(serverThreads);
    server.createContext(
        "/sampling",
        exchange -> {
          requests.add(exchange.getRequestURI());
          try {
            answer.write(exchange);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    if (sampler != null) sampler.close();
    releaseHanging.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  private String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/sampling";
  }

  private static Answer json(int status, String body) {
    return bytes(status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static Answer bytes(int status, byte[] body) {
    return exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    };
  }

  private JaegerRemoteSamplerBuilder builder() {
    return Sampler.jaegerRemote("checkout")
        .endpoint(endpoint())
        .initialSampler(Sampler.alwaysOff())
        .requestTimeout(Duration.ofSeconds(5))
        .nanoTime(clock)
        .pollAutomatically(false);
  }

  private JaegerRemoteSampler manual() {
    return sampler = builder().build();
  }

  private static SamplingDecision root(Sampler s, long traceIdLow) {
    return s.sample(Parent.NONE, 1, traceIdLow, "GET /home");
  }

  @Test
  void beforeTheFirstPoll_theInitialSamplerDecides() {
    JaegerRemoteSampler s = manual();
    assertThat(root(s, -1L).sampled()).isFalse();
    assertThat(s.currentStrategy()).isNull();
  }

  @Test
  void poll_probabilisticStrategy_replacesTheInitialSampler() {
    JaegerRemoteSampler s = manual();
    assertThat(s.pollNow()).isEqualTo(PollResult.UPDATED);
    SamplingDecision decision = root(s, 0L);
    assertThat(decision.sampled()).isTrue();
    assertThat(decision.samplerType()).isEqualTo("probabilistic");
    assertThat(decision.samplerParam()).isEqualTo(1.0);
  }

  @Test
  void poll_asksForTheServiceByName() {
    sampler = Sampler.jaegerRemote("check out&co").endpoint(endpoint()).pollAutomatically(false).build();
    sampler.pollNow();
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getPath()).isEqualTo("/sampling");
    assertThat(requests.get(0).getRawQuery()).isEqualTo("service=check+out%26co");
  }

  @Test
  void endpointWithAQuery_getsTheServiceAppended() {
    URI uri =
        JaegerRemoteSamplerBuilder.requestUri(URI.create("http://127.0.0.1:1/s?tenant=a"), "svc");
    assertThat(uri.toString()).isEqualTo("http://127.0.0.1:1/s?tenant=a&service=svc");
  }

  @Test
  void poll_rateLimitingStrategy_limitsRootsPerSecond() {
    answer =
        json(200, "{\"strategyType\":\"RATE_LIMITING\",\"rateLimitingSampling\":{\"maxTracesPerSecond\":2}}");
    JaegerRemoteSampler s = manual();
    s.pollNow();
    assertThat(root(s, 1).samplerType()).isEqualTo("ratelimiting");
    assertThat(root(s, 1).sampled()).isTrue();
    assertThat(root(s, 1).sampled()).isFalse();
    clock.advance(Duration.ofMillis(500));
    assertThat(root(s, 1).sampled()).isTrue();
  }

  @Test
  void poll_perOperationStrategy_decidesPerOperation() {
    answer =
        json(
            200,
            "{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":1},"
                + "\"operationSampling\":{\"defaultSamplingProbability\":1.0,"
                + "\"defaultLowerBoundTracesPerSecond\":0,\"perOperationStrategies\":["
                + "{\"operation\":\"GET /health\",\"probabilisticSampling\":{\"samplingRate\":0}}]}}");
    JaegerRemoteSampler s = manual();
    s.pollNow();
    assertThat(s.sample(Parent.NONE, 1, -1L, "GET /health").sampled()).isFalse();
    assertThat(s.sample(Parent.NONE, 1, 0L, "GET /home").sampled()).isTrue();
  }

  @Test
  void poll_sameStrategyAgain_keepsTheSamplerAndItsState() {
    JaegerRemoteSampler s = manual();
    s.pollNow();
    Sampler first = s.currentSampler();
    assertThat(s.pollNow()).isEqualTo(PollResult.UNCHANGED);
    assertThat(s.currentSampler()).isSameAs(first);
    assertThat(s.updateCount()).isEqualTo(1);
  }

  @Test
  void poll_newStrategy_replacesTheCurrentOne() {
    JaegerRemoteSampler s = manual();
    s.pollNow();
    answer = json(200, PROBABILISTIC_NONE);
    assertThat(s.pollNow()).isEqualTo(PollResult.UPDATED);
    assertThat(root(s, -1L).sampled()).isFalse();
  }

  @Test
  void poll_serverErrors_keepTheLastGoodStrategy() {
    JaegerRemoteSampler s = manual();
    s.pollNow();
    for (int status : new int[] {500, 503, 429, 404, 204, 301}) {
      answer = json(status, status == 204 ? "" : PROBABILISTIC_NONE);
      assertThat(s.pollNow()).as("HTTP %d", status).isEqualTo(PollResult.FAILED);
      assertThat(root(s, 0L).sampled()).isTrue();
    }
    assertThat(s.failureCount()).isEqualTo(6);
  }

  @Test
  void poll_garbage_keepsTheLastGoodStrategy() {
    JaegerRemoteSampler s = manual();
    s.pollNow();
    List<byte[]> garbage =
        List.of(
            "not json".getBytes(StandardCharsets.UTF_8),
            "{".getBytes(StandardCharsets.UTF_8),
            "{}".getBytes(StandardCharsets.UTF_8),
            "[1,2]".getBytes(StandardCharsets.UTF_8),
            "{\"probabilisticSampling\":{\"samplingRate\":\"all\"}}".getBytes(StandardCharsets.UTF_8),
            "{\"probabilisticSampling\":{\"samplingRate\":7}}".getBytes(StandardCharsets.UTF_8),
            "[".repeat(10_000).getBytes(StandardCharsets.UTF_8),
            new byte[] {'{', '"', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'}, // invalid UTF-8
            new byte[0]);
    for (byte[] body : garbage) {
      answer = bytes(200, body);
      assertThat(s.pollNow()).isEqualTo(PollResult.FAILED);
      assertThat(root(s, 0L).sampled()).isTrue();
    }
  }

  @Test
  void poll_bodyLargerThanTheLimit_isRefusedAndTheLastGoodKept() {
    JaegerRemoteSampler s = manual();
    s.pollNow();
    byte[] huge = new byte[JaegerRemoteSampler.MAX_BODY_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    answer = bytes(200, huge);
    assertThat(s.pollNow()).isEqualTo(PollResult.FAILED);
    assertThat(root(s, 0L).sampled()).isTrue();
  }

  @Test
  void poll_hangingEndpoint_failsAfterTheTimeoutAndKeepsTheLastGood() {
    sampler = builder().requestTimeout(Duration.ofMillis(200)).build();
    sampler.pollNow();
    answer =
        exchange -> {
          try {
            releaseHanging.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    assertThat(sampler.pollNow()).isEqualTo(PollResult.FAILED);
    assertThat(root(sampler, 0L).sampled()).isTrue();
  }

  @Test
  void poll_endpointDown_keepsTheInitialSampler() {
    int port = server.getAddress().getPort();
    server.stop(0);
    sampler =
        Sampler.jaegerRemote("checkout")
            .endpoint("http://127.0.0.1:" + port + "/sampling")
            .initialSampler(Sampler.alwaysOn())
            .pollAutomatically(false)
            .build();
    assertThat(sampler.pollNow()).isEqualTo(PollResult.FAILED);
    // the initial sampler decides: always on, which records no sampler tags
    assertThat(root(sampler, 0L)).isSameAs(Sampler.alwaysOn().sample(Parent.NONE, 0, 0L, "op"));
    assertThat(sampler.currentStrategy()).isNull();
  }

  @Test
  void parentWithADecision_isFollowedWhateverTheStrategy() {
    JaegerRemoteSampler s = manual();
    s.pollNow(); // samples every root
    assertThat(s.sample(Parent.REMOTE_NOT_SAMPLED, 1, 0, "op").sampled()).isFalse();
    assertThat(s.sample(Parent.LOCAL_NOT_SAMPLED, 1, 0, "op").sampled()).isFalse();
    answer = json(200, PROBABILISTIC_NONE);
    s.pollNow(); // samples no root
    assertThat(s.sample(Parent.REMOTE_SAMPLED, 1, 0, "op").sampled()).isTrue();
    assertThat(s.sample(Parent.LOCAL_SAMPLED, 1, 0, "op").sampled()).isTrue();
  }

  @Test
  void pollingThread_pollsAtStartAndThenEveryInterval() throws Exception {
    CountDownLatch threePolls = new CountDownLatch(3);
    answer =
        exchange -> {
          threePolls.countDown();
          json(200, PROBABILISTIC_ALL).write(exchange);
        };
    sampler =
        Sampler.jaegerRemote("checkout")
            .endpoint(endpoint())
            .initialSampler(Sampler.alwaysOff())
            .pollingInterval(Duration.ofMillis(20))
            .build();
    assertThat(threePolls.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(root(sampler, 0L).sampled()).isTrue();
  }

  @Test
  void close_stopsThePollingThread() throws Exception {
    sampler =
        Sampler.jaegerRemote("checkout")
            .endpoint(endpoint())
            .pollingInterval(Duration.ofMillis(10))
            .build();
    sampler.close();
    assertThat(sampler.awaitTermination(Duration.ofSeconds(10))).isTrue();
    sampler.close(); // idempotent
  }

  @Test
  void close_interruptsAPollInFlight() throws Exception {
    CountDownLatch pollStarted = new CountDownLatch(1);
    answer =
        exchange -> {
          pollStarted.countDown();
          try {
            releaseHanging.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    sampler =
        Sampler.jaegerRemote("checkout")
            .endpoint(endpoint())
            .requestTimeout(Duration.ofSeconds(30))
            .build();
    assertThat(pollStarted.await(10, TimeUnit.SECONDS)).isTrue();
    sampler.close();
    assertThat(sampler.awaitTermination(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void close_closesACloseableInitialSampler() {
    ParentBasedSamplerTest.RecordingSampler initial = new ParentBasedSamplerTest.RecordingSampler(true);
    sampler = builder().initialSampler(initial).build();
    sampler.close();
    assertThat(initial.closed).hasValue(1);
  }

  @Test
  void invalidConfiguration_isRefusedWithTheValue() {
    assertThatThrownBy(() -> Sampler.jaegerRemote(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sampler.jaegerRemote(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Sampler.jaegerRemote("s").endpoint("ftp://host/sampling"))
        .hasMessageContaining("ftp://host/sampling");
    assertThatThrownBy(() -> Sampler.jaegerRemote("s").endpoint("http:// bad"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sampler.jaegerRemote("s").endpoint("/sampling"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sampler.jaegerRemote("s").pollingInterval(Duration.ZERO))
        .hasMessageContaining("pollingInterval");
    assertThatThrownBy(() -> Sampler.jaegerRemote("s").requestTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> Sampler.jaegerRemote("s").initialSampler(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void toString_namesTheServiceAndTheStrategy() {
    JaegerRemoteSampler s = manual();
    assertThat(s.toString()).contains("checkout", "initial AlwaysOff");
    s.pollNow();
    assertThat(s.toString()).contains("probabilistic 1.0");
  }
}
