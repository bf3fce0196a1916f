/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.export;

import io.opentracing.Span;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.reporter.http.internal.BatchEncoder;
import io.ringtrace.reporter.http.internal.Gzip;
import io.ringtrace.reporter.http.internal.OtlpTraceEncoder;
import io.ringtrace.reporter.http.internal.ZipkinJsonEncoder;
import io.ringtrace.reporter.http.internal.ZipkinProto3Encoder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the HTTP exporters spend to turn finished spans into a request body: nanoseconds per span
 * (the score), bytes allocated per span (run with {@code -prof gc}: {@code gc.alloc.rate.norm}),
 * and the encoded bytes per span (printed once per trial).
 *
 * <p>The batch is {@value #BATCH} typical spans of a web request: a server span and client/db
 * children, with six tags, one log each. Run: {@code java -jar
 * tracer-benchmarks/target/benchmarks.jar SpanEncodingBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SpanEncodingBenchmark {

  static final int BATCH = 100;
  static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

  @Param({"OTLP", "ZIPKIN_PROTO3", "ZIPKIN_JSON"})
  public String format;

  @Param({"false", "true"})
  public boolean gzip;

  private BatchEncoder encoder;
  private Gzip compressor;
  private List<FinishedSpan> spans;

  @Setup(Level.Trial)
  public void setUp() {
    switch (format) {
      case "OTLP":
        encoder = new OtlpTraceEncoder();
        break;
      case "ZIPKIN_PROTO3":
        encoder = new ZipkinProto3Encoder();
        break;
      default:
        encoder = new ZipkinJsonEncoder();
    }
    compressor = new Gzip();
    spans = typicalSpans(BATCH);
    long bytes = encodeBatch();
    System.out.printf(
        Locale.ROOT, "%n%s gzip=%s: %.1f encoded bytes per span%n", format, gzip, (double) bytes / BATCH);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    compressor.end();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long encode() {
    return encodeBatch();
  }

  /** Encodes the batch as the exporter does; answers the bytes that would go on the wire. */
  private long encodeBatch() {
    long total = 0;
    encoder.prepare(spans, MAX_REQUEST_BYTES);
    int n = spans.size();
    int i = 0;
    while (i < n) {
      i = encoder.encodeRequest(i);
      int length = encoder.bodyLength();
      if (gzip) {
        compressor.compress(encoder.body(), length);
        length = compressor.length();
      }
      total += length;
    }
    encoder.clear();
    return total;
  }

  static List<FinishedSpan> typicalSpans(int count) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer =
        Ringtrace.builder("checkout").tag("region", "eu-west-1").exporter(memory).build();
    int made = 0;
    while (made < count) {
      Span server =
          tracer
              .buildSpan("GET /api/orders/{id}")
              .withTag("span.kind", "server")
              .withTag("http.method", "GET")
              .withTag("http.url", "https://shop.example.com/api/orders/12345?expand=items")
              .withTag("http.status_code", 200)
              .withTag("component", "jetty")
              .withTag("peer.ipv4", "10.20.30.40")
              .start();
      server.log("request parsed");
      made++;
      for (int c = 0; c < 4 && made < count; c++, made++) {
        Span child =
            tracer
                .buildSpan(c % 2 == 0 ? "SELECT orders" : "POST /payments")
                .asChildOf(server)
                .withTag("span.kind", "client")
                .withTag("peer.service", c % 2 == 0 ? "postgres" : "payments")
                .withTag("db.statement", "SELECT * FROM orders WHERE id = ?")
                .withTag("db.rows", 12L)
                .withTag("retry", false)
                .withTag("latency.ratio", 0.25)
                .start();
        child.log("connection acquired");
        child.finish();
      }
      server.finish();
    }
    tracer.flush(Duration.ofSeconds(1));
    List<FinishedSpan> spans = memory.finishedSpans();
    tracer.close();
    return spans.subList(0, count);
  }
}
