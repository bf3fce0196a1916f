/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.InMemorySpanExporter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TutorialAppTest {

  InMemorySpanExporter memory;
  RingtraceTracer tracer;
  TutorialApp app;

  @BeforeEach
  void start() throws Exception {
    memory = InMemorySpanExporter.create();
    tracer = Ringtrace.builder("tutorial").exporter(memory).build();
    app = new TutorialApp(tracer, 0); // no random sleeps: the tree is what is checked here
  }

  @AfterEach
  void stop() {
    app.close();
    tracer.close();
  }

  /**
   * Calls {@code path} and answers the trace once it has {@code spans} spans: a server span
   * finishes just after its response is sent, so the caller can see the response first.
   */
  List<FinishedSpan> traceOf(String path, int spans) throws Exception {
    int status = new TracedHttpClient(tracer).get(app.baseUri().resolve(path));
    assertThat(status).isPositive();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    do {
      tracer.flush(Duration.ofSeconds(5));
      if (memory.finishedSpans().size() >= spans) break;
      Thread.sleep(5);
    } while (System.nanoTime() < deadline);
    return memory.finishedSpans();
  }

  static String kind(FinishedSpan s) {
    return String.valueOf(s.tags().get("span.kind"));
  }

  static FinishedSpan parentOf(FinishedSpan s, Map<String, FinishedSpan> byId) {
    return byId.get(s.parentSpanId());
  }

  @Test
  void home_producesOneTrace_withServerSpansParentedByClientSpansAcrossHttp() throws Exception {
    List<FinishedSpan> spans = traceOf("/home", 10);

    // a client and a server span per call: /home, /service, /async and /db twice
    assertThat(spans).hasSize(10);
    assertThat(spans).extracting(FinishedSpan::traceId).containsOnly(spans.get(0).traceId());
    Map<String, FinishedSpan> byId =
        spans.stream().collect(Collectors.toMap(FinishedSpan::spanId, Function.identity()));
    for (FinishedSpan s : spans) {
      if (s.parentSpanId() == null) {
        assertThat(kind(s)).isEqualTo("client");
        continue;
      }
      FinishedSpan parent = parentOf(s, byId);
      assertThat(parent).as("parent of %s", s.operationName()).isNotNull();
      if (kind(s).equals("server")) {
        // the server span continues the client span that called it, across HTTP headers
        assertThat(kind(parent)).isEqualTo("client");
        assertThat(parent.operationName()).isEqualTo(s.operationName());
      } else {
        assertThat(kind(parent)).isEqualTo("server");
      }
    }
    assertThat(spans)
        .filteredOn(s -> kind(s).equals("server"))
        .extracting(FinishedSpan::operationName)
        .containsExactlyInAnyOrder("GET /home", "GET /service", "GET /async", "GET /db", "GET /db");
  }

  @Test
  void theAsyncCall_isAChildOfHome_notOfService() throws Exception {
    List<FinishedSpan> spans = traceOf("/home", 10);
    Map<String, FinishedSpan> byId =
        spans.stream().collect(Collectors.toMap(FinishedSpan::spanId, Function.identity()));
    FinishedSpan asyncClient =
        spans.stream()
            .filter(s -> s.operationName().equals("GET /async") && kind(s).equals("client"))
            .findFirst()
            .orElseThrow();
    FinishedSpan parent = parentOf(asyncClient, byId);
    assertThat(parent.operationName()).isEqualTo("GET /home");
    assertThat(kind(parent)).isEqualTo("server");
  }

  @Test
  void aFailingQuery_isTaggedAsErrorWithALogEvent_upTheWholeChain() throws Exception {
    List<FinishedSpan> spans = traceOf("/service?fail=true", 4);

    FinishedSpan dbServer =
        spans.stream()
            .filter(s -> s.operationName().equals("GET /db") && kind(s).equals("server"))
            .findFirst()
            .orElseThrow();
    assertThat(dbServer.tags()).containsEntry("error", true).containsEntry("http.status_code", 500);
    assertThat(dbServer.logs())
        .anySatisfy(l -> assertThat(l.fields()).containsEntry("event", "error"));
    assertThat(spans).allSatisfy(s -> assertThat(s.tags()).containsEntry("error", true));
  }
}
