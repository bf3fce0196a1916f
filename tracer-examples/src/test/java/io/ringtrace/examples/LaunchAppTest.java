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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LaunchAppTest {

  final InMemorySpanExporter memory = InMemorySpanExporter.create();
  final Map<String, RingtraceTracer> services = new LinkedHashMap<>();
  LaunchApp app;

  @BeforeEach
  void start() throws Exception {
    for (String name : new String[] {"mobile", "web", "auth", "billing", "resources"}) {
      services.put(name, Ringtrace.builder(name).exporter(memory).build());
    }
    app = new LaunchApp(services::get);
  }

  @AfterEach
  void stop() {
    app.close();
    services.values().forEach(RingtraceTracer::close);
  }

  List<FinishedSpan> launch(String mode) throws Exception {
    memory.reset();
    int status = new TracedHttpClient(services.get("mobile")).get(app.webUri().resolve("/launch?mode=" + mode));
    assertThat(status).isEqualTo(200);
    // mobile, web, three client and three server spans, check token, reserve credit and the
    // three provisioning tasks. A server span finishes just after its response is sent, so wait.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    do {
      services.values().forEach(t -> t.flush(Duration.ofSeconds(5)));
      if (memory.finishedSpans().size() >= 13) break;
      Thread.sleep(5);
    } while (System.nanoTime() < deadline);
    assertThat(memory.finishedSpans()).hasSize(13);
    return memory.finishedSpans();
  }

  static FinishedSpan root(List<FinishedSpan> spans) {
    return spans.stream().filter(s -> s.parentSpanId() == null).findFirst().orElseThrow();
  }

  @Test
  void aLaunch_isOneTraceAcrossFiveServices() throws Exception {
    List<FinishedSpan> spans = launch("serial");

    assertThat(spans).extracting(FinishedSpan::traceId).containsOnly(root(spans).traceId());
    Set<String> services =
        spans.stream().map(s -> s.resource().serviceName()).collect(Collectors.toSet());
    assertThat(services).containsExactlyInAnyOrder("mobile", "web", "auth", "billing", "resources");
    assertThat(spans)
        .filteredOn(s -> s.resource().serviceName().equals("resources"))
        .extracting(FinishedSpan::operationName)
        .contains("container startup", "storage allocation", "startup scripts");
  }

  @Test
  void provisioningTasks_areChildrenOfTheProvisionServerSpan_inBothModes() throws Exception {
    for (String mode : new String[] {"serial", "parallel"}) {
      List<FinishedSpan> spans = launch(mode);
      FinishedSpan provision =
          spans.stream()
              .filter(s -> s.operationName().equals("GET /provision") && "server".equals(s.tags().get("span.kind")))
              .findFirst()
              .orElseThrow();
      assertThat(provision.tags()).containsEntry("provision.mode", mode);
      assertThat(spans)
          .filteredOn(s -> s.operationName().startsWith("st") || s.operationName().startsWith("container"))
          .hasSize(3)
          .allSatisfy(s -> assertThat(s.parentSpanId()).isEqualTo(provision.spanId()));
    }
  }

  /** The three provisioning tasks of a launch, in the order they started. */
  static List<FinishedSpan> provisioningTasks(List<FinishedSpan> spans) {
    List<FinishedSpan> tasks =
        spans.stream()
            .filter(
                s ->
                    s.operationName().equals("container startup")
                        || s.operationName().equals("storage allocation")
                        || s.operationName().equals("startup scripts"))
            .sorted(java.util.Comparator.comparingLong(FinishedSpan::startEpochNanos))
            .collect(Collectors.toList());
    assertThat(tasks).hasSize(3);
    return tasks;
  }

  @Test
  void serialProvisioning_startsEachTaskAfterThePreviousEnded() throws Exception {
    List<FinishedSpan> tasks = provisioningTasks(launch("serial"));

    for (int i = 1; i < tasks.size(); i++) {
      assertThat(tasks.get(i).startEpochNanos())
          .as("start of %s", tasks.get(i).operationName())
          .isGreaterThanOrEqualTo(tasks.get(i - 1).endEpochNanos());
    }
  }

  @Test
  void parallelProvisioning_runsTheTasksAtTheSameTime() throws Exception {
    List<FinishedSpan> tasks = provisioningTasks(launch("parallel"));

    // Every task started before any of them ended: the trace shows them side by side.
    long lastStart = tasks.get(tasks.size() - 1).startEpochNanos();
    assertThat(tasks).allSatisfy(t -> assertThat(t.endEpochNanos()).isGreaterThan(lastStart));
  }
}
