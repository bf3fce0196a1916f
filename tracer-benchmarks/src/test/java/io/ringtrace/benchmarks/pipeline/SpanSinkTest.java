/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpanSinkTest {

  @ParameterizedTest
  @CsvSource({
    "ringtrace, FULL", "ringtrace-uncompressed, FULL", "ringtrace-zipkin, FULL", "otel, FULL",
    "brave, FULL", "jaeger, FULL",
    "ringtrace, WALK", "ringtrace-uncompressed, WALK", "ringtrace-zipkin, WALK", "otel, WALK",
    "brave, WALK", "jaeger, WALK"
  })
  void tracerWithItsHttpExporter_deliversEveryFinishedSpanToTheSink(
      String name, SpanSink.Decoding decoding) throws Exception {
    try (SpanSink sink = SpanSink.start(decoding)) {
      PipelineTracer underTest = PipelineTracer.create(name, sink.baseUrl(), Duration.ofSeconds(5));
      for (int i = 0; i < 25; i++) {
        PipelineBenchmark.Producer.oneSpan(underTest.tracer());
      }
      underTest.shutdown(Duration.ofSeconds(5));

      assertThat(sink.spans()).isEqualTo(25);
      assertThat(sink.rejectedRequests()).isZero();
      assertThat(underTest.droppedByTracer()).isIn(0L, -1L);
    }
  }

  @Test
  void undecodableOtlpBody_isAnsweredBadRequestAndNotCounted() throws Exception {
    try (SpanSink sink = SpanSink.start(SpanSink.Decoding.FULL)) {
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(sink.baseUrl() + "/v1/traces"))
              .header("Content-Type", "application/x-protobuf")
              .timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, 0x01, 0x02}))
              .build();

      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(sink.rejectedRequests()).isEqualTo(1);
      assertThat(sink.spans()).isZero();
    }
  }
}
