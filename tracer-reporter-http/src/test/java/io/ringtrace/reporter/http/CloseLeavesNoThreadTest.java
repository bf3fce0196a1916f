/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.reporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.SpanExporter;
import io.ringtrace.core.sampler.Sampler;
import io.ringtrace.reporter.http.testing.LeftoverThreads;
import io.ringtrace.reporter.http.testing.TestCollector;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After {@code close()} no thread of the tracer is alive: not the reporter's, not the exporter's
 * senders, not the JDK {@code HttpClient}'s selector, whether the exporter sent or not. The test
 * keeps the tracer referenced throughout, as an application that closes it and keeps the field
 * would.
 */
@Timeout(90)
class CloseLeavesNoThreadTest {

  static Stream<Arguments> exporters() {
    Function<TestCollector, SpanExporter> otlp =
        c -> OtlpHttpSpanExporter.builder().endpoint(c.url("/v1/traces")).build();
    Function<TestCollector, SpanExporter> zipkinJson =
        c ->
            ZipkinHttpSpanExporter.builder()
                .endpoint(c.url("/api/v2/spans"))
                .encoding(ZipkinHttpSpanExporter.Encoding.JSON)
                .build();
    Function<TestCollector, SpanExporter> zipkinProto =
        c ->
            ZipkinHttpSpanExporter.builder()
                .endpoint(c.url("/api/v2/spans"))
                .encoding(ZipkinHttpSpanExporter.Encoding.PROTO3)
                .build();
    return Stream.of(
        Arguments.of("OTLP", otlp),
        Arguments.of("Zipkin JSON", zipkinJson),
        Arguments.of("Zipkin proto3", zipkinProto));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exporters")
  void anExporterThatSent_leavesNoThreadAfterClose(
      String name, Function<TestCollector, SpanExporter> exporter) throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      LeftoverThreads threads = LeftoverThreads.snapshot();
      RingtraceTracer tracer =
          Ringtrace.builder("sent")
              .sampler(Sampler.alwaysOn())
              .exporter(exporter.apply(collector))
              .build();
      for (int i = 0; i < 10; i++) tracer.buildSpan("op").start().finish();
      assertThat(tracer.flush(Duration.ofSeconds(20))).isTrue();
      assertThat(collector.requestCount()).as("requests the collector received").isPositive();
      assertThat(threads.names()).anyMatch(n -> n.startsWith("HttpClient-"));

      assertThat(tracer.close(Duration.ofSeconds(10))).isTrue();

      threads.assertNoneLeft();
      Reference.reachabilityFence(tracer);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exporters")
  void anExporterThatNeverSent_leavesNoThreadAfterClose(
      String name, Function<TestCollector, SpanExporter> exporter) throws Exception {
    try (TestCollector collector = TestCollector.start()) {
      LeftoverThreads threads = LeftoverThreads.snapshot();
      RingtraceTracer tracer = Ringtrace.builder("idle").exporter(exporter.apply(collector)).build();
      assertThat(threads.names()).as("threads of the open tracer").isNotEmpty();

      assertThat(tracer.close(Duration.ofSeconds(10))).isTrue();

      assertThat(collector.requestCount()).isZero();
      threads.assertNoneLeft();
      Reference.reachabilityFence(tracer);
    }
  }
}
