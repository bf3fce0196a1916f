/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.propagation;

import io.ringtrace.propagation.ExtractedContext;
import io.ringtrace.propagation.Propagator;
import io.ringtrace.propagation.Propagators;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one hostile header costs the server that extracts it: a valid {@code traceparent} next to a
 * {@code baggage}, {@code tracestate} or {@code uberctx-} header of {@code size} characters, made
 * of valid members (distinct keys, no properties), extracted with the composite of W3C Trace
 * Context, W3C Baggage and Jaeger. The cost must stay flat beyond the parsers' limits (8 KiB of
 * baggage kept, 32 KiB read; 32 KiB of tracestate), whatever the size:
 *
 * <pre>
 * java -jar tracer-benchmarks/target/benchmarks.jar HostileHeaderBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HostileHeaderBenchmark {

  static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Param({"8192", "65536", "1048576"})
  public int size;

  /** {@code baggage}, {@code tracestate}, or {@code uberctx} (one Jaeger item of that size). */
  @Param({"baggage", "tracestate", "uberctx"})
  public String header;

  final Propagator propagator =
      Propagators.composite(Propagators.traceContext(), Propagators.baggage(), Propagators.jaeger());

  List<Map.Entry<String, String>> headers;

  @Setup
  public void setUp() {
    String value;
    String name;
    switch (header) {
      case "baggage":
        name = "baggage";
        value = members(size, "k", "=value", ",");
        break;
      case "tracestate":
        name = "tracestate";
        value = members(size, "vendor", "=opaque-value", ",");
        break;
      case "uberctx":
        name = "uberctx-k";
        value = members(size, "v", "%20", "");
        break;
      default:
        throw new IllegalArgumentException(header);
    }
    headers = PropagationBenchmarks.headers("traceparent", TRACEPARENT, name, value);
    ExtractedContext ctx = propagator.extract(headers);
    if (ctx == null || ctx.isBaggageOnly()) throw new IllegalStateException("no trace context");
  }

  /** {@code prefix + i + suffix} joined by {@code separator} for i = 0, 1, ... up to length. */
  static String members(int length, String prefix, String suffix, String separator) {
    StringBuilder sb = new StringBuilder(length + 64);
    for (int i = 0; sb.length() < length; i++) {
      if (i > 0) sb.append(separator);
      sb.append(prefix).append(i).append(suffix);
    }
    sb.setLength(length);
    return sb.toString();
  }

  @Benchmark
  public ExtractedContext extract() {
    return propagator.extract(headers);
  }
}
