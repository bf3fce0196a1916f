/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.Span;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoggingSpanExporterTest {

  private static FinishedSpan finishedSpan() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = Ringtrace.builder("web").exporter(memory).build();
    try {
      Span span = tracer.buildSpan("GET /home").withTag("http.status_code", 200).start();
      span.finish();
      tracer.flush(Duration.ofSeconds(30));
      List<FinishedSpan> spans = memory.finishedSpans();
      assertThat(spans).hasSize(1);
      return spans.get(0);
    } finally {
      tracer.close();
    }
  }

  @Test
  void format_writesIdsNameDurationServiceAndTags() {
    FinishedSpan span = finishedSpan();

    String line = LoggingSpanExporter.format(span, new StringBuilder()).toString();

    assertThat(line)
        .startsWith("span " + span.traceId() + " " + span.spanId() + " parent=- 'GET /home' ")
        .contains(" us service=web tags={")
        .contains("http.status_code=200");
  }

  @Test
  void export_acceptsTheBatch_untilShutDown() {
    LoggingSpanExporter exporter = LoggingSpanExporter.create();
    List<FinishedSpan> batch = Collections.singletonList(finishedSpan());

    assertThat(exporter.export(batch).isSuccess()).isTrue();
    exporter.shutdown();
    ExportResult afterShutdown = exporter.export(batch);

    assertThat(afterShutdown.isSuccess()).isFalse();
    assertThat(afterShutdown.failure()).isEqualTo(ExportResult.Failure.PERMANENT);
    assertThat(afterShutdown.rejectedSpans()).isEqualTo(1);
  }
}
