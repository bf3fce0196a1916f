/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.Span;
import io.opentracing.tag.Tags;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSpanExporterTest {

  /** Builds root(0..100) > a(0..50), b(40..100) > c(50..90, error); times in ms, explicit. */
  static List<FinishedSpan> sampleTrace() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = Ringtrace.builder("shop").exporter(memory).build();
    long t0 = 1_000_000L; // micros
    Span root = tracer.buildSpan("root").withStartTimestamp(t0).start();
    Span a = tracer.buildSpan("a").asChildOf(root).withStartTimestamp(t0).start();
    a.finish(t0 + 50_000);
    Span b = tracer.buildSpan("b").asChildOf(root).withTag(Tags.SPAN_KIND, "client")
        .withStartTimestamp(t0 + 40_000).start();
    Span c = tracer.buildSpan("c").asChildOf(b).withTag("error", true)
        .withStartTimestamp(t0 + 50_000).start();
    c.finish(t0 + 90_000);
    b.finish(t0 + 100_000);
    root.finish(t0 + 100_000);
    tracer.flush(Duration.ofSeconds(5));
    tracer.close();
    return memory.finishedSpans();
  }

  static String[] printed(int width, List<FinishedSpan> spans) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleSpanExporter console =
        ConsoleSpanExporter.create(new PrintStream(bytes, true, StandardCharsets.UTF_8), width);
    console.export(spans);
    return bytes.toString(StandardCharsets.UTF_8).split("\n");
  }

  @Test
  void export_printsTheTraceOnceItsRootArrives_asAnIndentedTree() {
    String[] lines = printed(100, sampleTrace());

    assertThat(lines[0]).startsWith("trace ").contains("shop").contains("100.0 ms");
    assertThat(lines[1]).contains("shop: root").doesNotContain("  shop: root");
    assertThat(lines[2]).contains("  a ");
    assertThat(lines[3]).contains("  b [client]");
    assertThat(lines[4]).contains("    c ");
  }

  @Test
  void export_marksTheCriticalPathAndErrors() {
    String[] lines = printed(100, sampleTrace());

    assertThat(lines[1]).startsWith("* "); // root
    assertThat(lines[2]).startsWith("  "); // a: overlaps b, so b alone bounds the end
    assertThat(lines[3]).startsWith("* "); // b: ends the trace
    assertThat(lines[4]).startsWith("* ").contains(" ! "); // c: inside b, and an error
  }

  @Test
  void bars_areScaledToTheTracesDuration() {
    String[] lines = printed(100, sampleTrace());
    String rootBar = lines[1].substring(lines[1].indexOf('|'), lines[1].lastIndexOf('|') + 1);
    String aBar = lines[2].substring(lines[2].indexOf('|'), lines[2].lastIndexOf('|') + 1);
    int barWidth = rootBar.length() - 2;

    assertThat(rootBar.chars().filter(ch -> ch == '=').count()).isEqualTo(barWidth);
    long aFill = aBar.chars().filter(ch -> ch == '=').count();
    assertThat(aFill).isBetween((long) (barWidth * 0.5) - 1, (long) (barWidth * 0.5) + 1);
  }

  @Test
  void everyLineFitsTheWidth_at80And140Columns() {
    for (int width : new int[] {80, 140}) {
      for (String line : printed(width, sampleTrace())) {
        assertThat(line.length()).as("width %d: %s", width, line).isLessThanOrEqualTo(width);
      }
    }
  }

  @Test
  void sequentialChildren_areAllOnTheCriticalPath() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = Ringtrace.builder("shop").exporter(memory).build();
    Span root = tracer.buildSpan("root").withStartTimestamp(0).start();
    tracer.buildSpan("first").asChildOf(root).withStartTimestamp(0).start().finish(30);
    tracer.buildSpan("second").asChildOf(root).withStartTimestamp(40).start().finish(100);
    root.finish(100);
    tracer.flush(Duration.ofSeconds(5));

    String[] lines = printed(100, memory.finishedSpans());
    assertThat(lines).filteredOn(l -> l.startsWith("* ")).hasSize(3);
    tracer.close();
  }

  @Test
  void theServiceIsNamedWhereItChanges() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer web = Ringtrace.builder("web").exporter(memory).build();
    RingtraceTracer db = Ringtrace.builder("db").exporter(memory).build();
    Span root = web.buildSpan("GET /").withStartTimestamp(0).start();
    Span query = db.buildSpan("SELECT").asChildOf(root).withStartTimestamp(10).start();
    web.buildSpan("render").asChildOf(root).withStartTimestamp(60).start().finish(90);
    query.finish(50);
    root.finish(100);
    // Each tracer has its own reporter: flush db's first so that the root arrives last, as it
    // would from one process, and the trace is printed whole.
    db.flush(Duration.ofSeconds(5));
    web.flush(Duration.ofSeconds(5));

    String[] lines = printed(100, memory.finishedSpans());
    assertThat(lines[1]).contains("web: GET /");
    assertThat(lines[2]).contains("db: SELECT");
    assertThat(lines[3]).contains("render").doesNotContain("web:");
    web.close();
    db.close();
  }

  @Test
  void aTraceWithoutLocalRoot_isPrintedAtShutdown() {
    List<FinishedSpan> spans = sampleTrace();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleSpanExporter console =
        ConsoleSpanExporter.create(new PrintStream(bytes, true, StandardCharsets.UTF_8), 100);
    console.export(spans.subList(0, 2)); // a and c: no root yet
    assertThat(bytes.size()).isZero();
    console.shutdown();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("trace ").contains("c");
  }
}
