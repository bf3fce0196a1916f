/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.propagation;

import io.ringtrace.propagation.BinaryPropagator;
import io.ringtrace.propagation.ExtractedContext;
import io.ringtrace.propagation.Propagator;
import io.ringtrace.propagation.Propagators;
import io.ringtrace.propagation.TraceFlags;
import io.ringtrace.propagation.W3CBaggagePropagator;
import java.nio.ByteBuffer;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Inject and extract of every propagation format: W3C Trace Context (with and without {@code
 * tracestate}), W3C Baggage, B3 single and multi, Jaeger, the default composite and the binary
 * layout.
 *
 * <p>Extraction reads a realistic header list: the format's headers among the dozen others a
 * browser or a proxy sends, so that the cost of skipping foreign headers counts. Injection writes
 * into a {@link Blackhole}, so that only the codec's own work (and allocation) is measured. Run
 * with {@code -prof gc} for the allocation per operation:
 *
 * <pre>
 * java -jar tracer-benchmarks/target/benchmarks.jar PropagationBenchmarks -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PropagationBenchmarks {

  static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  static final String TRACESTATE = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";
  static final String BAGGAGE = "userId=alice,serverNode=DF%2028,isProduction=false";

  // Non-capturing: the one setter instance for every call.
  static final Propagator.Setter<Blackhole> SETTER = (bh, key, value) -> bh.consume(value);

  final Propagator traceContext = Propagators.traceContext();
  final Propagator baggage = Propagators.baggage();
  final W3CBaggagePropagator baggageCodec = W3CBaggagePropagator.getInstance();
  final Propagator b3Single = Propagators.b3Single();
  final Propagator b3Multi = Propagators.b3Multi();
  final Propagator jaeger = Propagators.jaeger();
  final Propagator defaults = Propagators.defaults();
  final BinaryPropagator binary = Propagators.binary();

  ExtractedContext context;
  ExtractedContext contextWithTraceState;
  ExtractedContext contextWithBaggage;

  List<Map.Entry<String, String>> traceparentHeaders;
  List<Map.Entry<String, String>> tracestateHeaders;
  List<Map.Entry<String, String>> baggageHeaders;
  List<Map.Entry<String, String>> b3SingleHeaders;
  List<Map.Entry<String, String>> b3MultiHeaders;
  List<Map.Entry<String, String>> jaegerHeaders;
  List<Map.Entry<String, String>> defaultsHeaders;
  ByteBuffer binaryRecord;
  ByteBuffer binaryOut;

  @Setup
  public void setUp() {
    Map<String, String> items = new LinkedHashMap<>();
    items.put("userId", "alice");
    items.put("serverNode", "DF 28");
    items.put("isProduction", "false");
    long high = 0x4bf92f3577b34da6L;
    long low = 0xa3ce929d0e0e4736L;
    long span = 0x00f067aa0ba902b7L;
    long parent = 0x05e3ac9a4f6e3b90L;
    context = ExtractedContext.create(high, low, span, parent, TraceFlags.SAMPLED, null, null);
    contextWithTraceState =
        ExtractedContext.create(high, low, span, parent, TraceFlags.SAMPLED, TRACESTATE, null);
    contextWithBaggage =
        ExtractedContext.create(
            high, low, span, parent, TraceFlags.SAMPLED, null, Collections.unmodifiableMap(items));

    traceparentHeaders = headers("traceparent", TRACEPARENT);
    tracestateHeaders = headers("traceparent", TRACEPARENT, "tracestate", TRACESTATE);
    baggageHeaders = headers("baggage", BAGGAGE);
    b3SingleHeaders =
        headers("b3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1-05e3ac9a4f6e3b90");
    b3MultiHeaders =
        headers(
            "X-B3-TraceId", "4bf92f3577b34da6a3ce929d0e0e4736",
            "X-B3-SpanId", "00f067aa0ba902b7",
            "X-B3-ParentSpanId", "05e3ac9a4f6e3b90",
            "X-B3-Sampled", "1");
    jaegerHeaders =
        headers(
            "uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:05e3ac9a4f6e3b90:1",
            "uberctx-userId", "alice");
    defaultsHeaders = headers("traceparent", TRACEPARENT, "baggage", BAGGAGE);

    binaryRecord = ByteBuffer.allocate(binary.encodedLength(contextWithBaggage));
    binary.inject(contextWithBaggage, binaryRecord);
    binaryRecord.flip();
    binaryOut = ByteBuffer.allocate(BinaryPropagator.MAX_LENGTH);
  }

  /** The propagation headers among what a browser behind a proxy sends. */
  static List<Map.Entry<String, String>> headers(String... propagation) {
    List<Map.Entry<String, String>> h = new ArrayList<>();
    h.add(new SimpleImmutableEntry<>("Host", "checkout.example.com"));
    h.add(new SimpleImmutableEntry<>("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0)"));
    h.add(new SimpleImmutableEntry<>("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"));
    h.add(new SimpleImmutableEntry<>("Accept-Language", "en-US,en;q=0.5"));
    h.add(new SimpleImmutableEntry<>("Accept-Encoding", "gzip, deflate, br"));
    h.add(new SimpleImmutableEntry<>("Connection", "keep-alive"));
    h.add(new SimpleImmutableEntry<>("Cookie", "session=6f1d2c; theme=dark"));
    h.add(new SimpleImmutableEntry<>("X-Forwarded-For", "203.0.113.7"));
    h.add(new SimpleImmutableEntry<>("X-Request-Id", "f3a9c2de-1b7a-4cde-9a8e-0b2f6c1d3e4f"));
    for (int i = 0; i < propagation.length; i += 2) {
      h.add(new SimpleImmutableEntry<>(propagation[i], propagation[i + 1]));
    }
    h.add(new SimpleImmutableEntry<>("Cache-Control", "no-cache"));
    return Collections.unmodifiableList(h);
  }

  // ------------------------------------------------------------------ W3C Trace Context

  @Benchmark
  public void traceContext_inject(Blackhole bh) {
    traceContext.inject(context, bh, SETTER);
  }

  @Benchmark
  public void traceContext_injectWithTracestate(Blackhole bh) {
    traceContext.inject(contextWithTraceState, bh, SETTER);
  }

  @Benchmark
  public ExtractedContext traceContext_extract() {
    return traceContext.extract(traceparentHeaders);
  }

  @Benchmark
  public ExtractedContext traceContext_extractWithTracestate() {
    return traceContext.extract(tracestateHeaders);
  }

  // ------------------------------------------------------------------ W3C Baggage

  @Benchmark
  public void baggage_inject(Blackhole bh) {
    baggage.inject(contextWithBaggage, bh, SETTER);
  }

  @Benchmark
  public Map<String, String> baggage_extract() {
    return baggageCodec.extractBaggage(baggageHeaders);
  }

  // ------------------------------------------------------------------ B3

  @Benchmark
  public void b3Single_inject(Blackhole bh) {
    b3Single.inject(context, bh, SETTER);
  }

  @Benchmark
  public ExtractedContext b3Single_extract() {
    return b3Single.extract(b3SingleHeaders);
  }

  @Benchmark
  public void b3Multi_inject(Blackhole bh) {
    b3Multi.inject(context, bh, SETTER);
  }

  @Benchmark
  public ExtractedContext b3Multi_extract() {
    return b3Multi.extract(b3MultiHeaders);
  }

  // ------------------------------------------------------------------ Jaeger

  @Benchmark
  public void jaeger_inject(Blackhole bh) {
    jaeger.inject(context, bh, SETTER);
  }

  @Benchmark
  public void jaeger_injectWithBaggage(Blackhole bh) {
    jaeger.inject(contextWithBaggage, bh, SETTER);
  }

  @Benchmark
  public ExtractedContext jaeger_extract() {
    return jaeger.extract(jaegerHeaders);
  }

  // ------------------------------------------------------------------ the default composite

  @Benchmark
  public void defaults_inject(Blackhole bh) {
    defaults.inject(contextWithBaggage, bh, SETTER);
  }

  @Benchmark
  public ExtractedContext defaults_extract() {
    return defaults.extract(defaultsHeaders);
  }

  // ------------------------------------------------------------------ binary

  @Benchmark
  public ByteBuffer binary_inject() {
    binaryOut.clear();
    binary.inject(contextWithBaggage, binaryOut);
    return binaryOut;
  }

  @Benchmark
  public ExtractedContext binary_extract() {
    binaryRecord.rewind();
    return binary.extract(binaryRecord);
  }
}
