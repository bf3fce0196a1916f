/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.pipeline;

import io.opentracing.Span;
import io.opentracing.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole pipeline, tracer to collector: producer threads create spans through each tracer,
 * configured with its real HTTP exporter, to a {@link SpanSink} on 127.0.0.1 that decodes and
 * counts what arrives.
 *
 * <p>Before its first measured run, each tracer runs once flat out for {@code --warmup-seconds},
 * unreported, so that the JIT has compiled its code and the sink's.
 *
 * <p>Phase 1, flat out: {@code --threads} producers create spans (start, 3 tags, finish) as fast
 * as they can for {@code --seconds}; then the tracer is flushed and closed, waiting at most {@code
 * --flush-seconds}. Reported per tracer: spans created, delivered (decoded by the sink), dropped
 * (created minus delivered, and the tracer's own count where it has one), the time the flush took,
 * delivered spans per second of production plus flush, the CPU time the sink spent decoding (it
 * shares the machine with the tracer), and the latency of one span's start to
 * finish as a producer sees it, measured on every {@value #SAMPLE_EVERY}th span.
 *
 * <p>Phase 2, {@code --rate-search}: paced producers offer a fixed total rate for {@code
 * --rate-seconds}; the rate doubles from {@code --rate-start} while nothing is dropped, then a few
 * bisection steps narrow the highest rate sustained with no drop. A rate counts as sustained only
 * if the producers reached 95% of it and every span created arrived. A producer ahead of its
 * schedule parks (at least {@value #MIN_PARK_NANOS} ns), so spans come in small bursts.
 *
 * <p>The sink walks each request's wire format down to every span ({@code --sink walk}, the
 * default) or decodes it in full with the official classes ({@code --sink full}), which costs it
 * one to two microseconds of the shared CPU per span: see {@link SpanSink}.
 *
 * <pre>
 * java -cp tracer-benchmarks/target/benchmarks.jar io.ringtrace.benchmarks.pipeline.PipelineBenchmark \
 *     [--tracers ringtrace,ringtrace-uncompressed,otel,brave,jaeger] [--threads 2] [--seconds 10] \
 *     [--warmup-seconds 5] [--flush-seconds 10] [--sink walk|full] \
 *     [--rate-search] [--rate-start 20000] [--rate-seconds 5] [--rate-steps 8]
 * </pre>
 *
 * Each run gets a fresh sink and a fresh tracer; every thread it starts is stopped or abandoned
 * (daemon) by the end of the run; nothing leaves 127.0.0.1.
 */
public final class PipelineBenchmark {

  /** One span in this many is timed. */
  static final int SAMPLE_EVERY = 64;

  /** Most timed spans kept per producer (8 MiB); later spans go untimed. */
  static final int MAX_SAMPLES = 1 << 20;

  /** Shortest park of a paced producer that is ahead of its schedule. */
  static final long MIN_PARK_NANOS = 100_000;

  private PipelineBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    System.out.printf(
        Locale.ROOT,
        "# Pipeline: %d producer thread(s), %d s warm-up and %d s per tracer, flush deadline %d s,"
            + " %d CPUs, %s %s%n%n",
        options.threads,
        options.warmupSeconds,
        options.seconds,
        options.flushSeconds,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));

    List<Result> results = new ArrayList<>();
    for (String name : options.tracers) {
      if (options.warmupSeconds > 0) {
        System.err.println("# warm-up (not reported): " + name);
        run(name, 0, options.warmupSeconds, options);
      }
      System.err.println("# flat out: " + name);
      results.add(run(name, 0, options.seconds, options));
    }
    System.out.println("## Flat out");
    System.out.println();
    printResults(results);

    if (options.rateSearch) {
      System.out.println();
      System.out.println("## Highest offered rate with no drops");
      System.out.println();
      System.out.println("| tracer | sustained spans/s | first failing spans/s | steps |");
      System.out.println("|---|---:|---:|---|");
      for (String name : options.tracers) {
        System.err.println("# rate search: " + name);
        searchRate(name, options);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // One run

  /** What one tracer did in one run. */
  static final class Result {
    final String tracer;
    long offeredRate; // 0: flat out
    long created;
    long delivered;
    long droppedByTracer;
    long rejectedRequests;
    long sinkCpuNanos;
    double productionSeconds;
    double flushSeconds;
    boolean flushTimedOut;
    long[] latencies; // sorted

    Result(String tracer) {
      this.tracer = tracer;
    }

    long dropped() {
      return created - delivered;
    }

    double deliveredPerSecond() {
      return delivered / (productionSeconds + flushSeconds);
    }

    long percentile(double p) {
      if (latencies.length == 0) return 0;
      int index = (int) Math.ceil(p * latencies.length) - 1;
      return latencies[Math.max(0, Math.min(latencies.length - 1, index))];
    }
  }

  /**
   * Runs one tracer against a new sink.
   *
   * @param rate total spans per second offered by all producers together; 0 for flat out
   */
  static Result run(String name, long rate, int seconds, Options options) throws Exception {
    int threads = options.threads;
    int flushSeconds = options.flushSeconds;
    System.gc();
    Result result = new Result(name);
    result.offeredRate = rate;
    try (SpanSink sink = SpanSink.start(options.sinkDecoding)) {
      PipelineTracer underTest =
          PipelineTracer.create(name, sink.baseUrl(), Duration.ofSeconds(flushSeconds));
      Producer[] producers = new Producer[threads];
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      for (int i = 0; i < threads; i++) {
        producers[i] =
            new Producer(underTest.tracer(), start, end, rate == 0 ? 0 : (double) rate / threads);
        producers[i].setName("producer-" + i);
        producers[i].setDaemon(true);
      }
      for (Producer p : producers) p.start();
      for (Producer p : producers) p.join(TimeUnit.SECONDS.toMillis(seconds) + 10_000);
      long produced = System.nanoTime();

      Thread closer =
          new Thread(
              () -> {
                try {
                  underTest.shutdown(Duration.ofSeconds(flushSeconds));
                } catch (Exception e) {
                  System.err.println("# " + name + ": shutdown failed: " + e);
                }
              },
              "closer");
      closer.setDaemon(true);
      closer.start();
      closer.join(TimeUnit.SECONDS.toMillis(2L * flushSeconds) + 1000);
      result.flushTimedOut = closer.isAlive();
      awaitQuiet(sink, Duration.ofMillis(300), Duration.ofSeconds(2));
      long flushed = System.nanoTime();

      result.productionSeconds = (produced - start) / 1e9;
      result.flushSeconds = (flushed - produced) / 1e9;
      result.delivered = sink.spans();
      result.rejectedRequests = sink.rejectedRequests();
      result.sinkCpuNanos = sink.cpuNanos();
      result.droppedByTracer = underTest.droppedByTracer();
      int samples = 0;
      for (Producer p : producers) {
        result.created += p.created;
        samples += p.sampleCount;
      }
      long[] latencies = new long[samples];
      int at = 0;
      for (Producer p : producers) {
        System.arraycopy(p.samples, 0, latencies, at, p.sampleCount);
        at += p.sampleCount;
      }
      Arrays.sort(latencies);
      result.latencies = latencies;
    }
    return result;
  }

  /** Waits until the sink's count stays the same for {@code quiet}, at most {@code max}. */
  static void awaitQuiet(SpanSink sink, Duration quiet, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    long last = sink.spans();
    while (System.nanoTime() < deadline) {
      Thread.sleep(quiet.toMillis());
      long now = sink.spans();
      if (now == last) return;
      last = now;
    }
  }

  /**
   * Creates spans until its end time, flat out or paced to a rate. Owned by its own thread; the
   * runner reads the counters and samples after {@link #join()}, which orders them.
   */
  static final class Producer extends Thread {
    final Tracer tracer;
    final long start;
    final long end;
    final double intervalNanos; // 0: flat out
    final long[] samples;
    int sampleCount;
    long created;

    Producer(Tracer tracer, long start, long end, double ratePerThread) {
      this.tracer = tracer;
      this.start = start;
      this.end = end;
      this.intervalNanos = ratePerThread == 0 ? 0 : 1e9 / ratePerThread;
      long expected = ratePerThread == 0 ? MAX_SAMPLES : (long) (ratePerThread * (end - start) / 1e9);
      this.samples = new long[(int) Math.min(MAX_SAMPLES, expected / SAMPLE_EVERY + 16)];
    }

    @Override
    public void run() {
      Tracer tracer = this.tracer;
      long[] samples = this.samples;
      int sampleCount = 0;
      long i = 0;
      boolean paced = intervalNanos > 0;
      while (true) {
        if (paced) {
          long due = start + (long) (i * intervalNanos);
          long now = System.nanoTime();
          if (now >= end) break;
          if (due > now) {
            // Park, never spin: a spinning producer would take the CPU the exporter needs. Parks
            // of at least MIN_PARK_NANOS make the spans come in small bursts instead.
            LockSupport.parkNanos(Math.max(due - now, MIN_PARK_NANOS));
            continue; // check the time again
          }
        } else if ((i & (SAMPLE_EVERY - 1)) == 0 && System.nanoTime() >= end) {
          break;
        }
        if (i % SAMPLE_EVERY == 0 && sampleCount < samples.length) {
          long t0 = System.nanoTime();
          oneSpan(tracer);
          samples[sampleCount++] = System.nanoTime() - t0;
        } else {
          oneSpan(tracer);
        }
        i++;
      }
      this.sampleCount = sampleCount;
      this.created = i;
    }

    static void oneSpan(Tracer tracer) {
      Span span = tracer.buildSpan("pipeline").start();
      span.setTag("http.method", "GET");
      span.setTag("http.status_code", 200);
      span.setTag("cache.hit", false);
      span.finish();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Phase 2

  static void searchRate(String name, Options options) throws Exception {
    StringBuilder steps = new StringBuilder();
    long good = 0;
    long bad = 0;
    long rate = options.rateStart;
    for (int step = 0; step < options.rateSteps; step++) {
      Result r = run(name, rate, options.rateSeconds, options);
      boolean reached = r.created >= 0.95 * rate * options.rateSeconds;
      boolean ok = reached && r.dropped() == 0 && !r.flushTimedOut;
      if (steps.length() > 0) steps.append(", ");
      steps.append(rate).append(ok ? " ok" : reached ? " drops " + r.dropped() : " not reached");
      if (ok) {
        good = rate;
      } else {
        bad = rate;
      }
      if (bad == 0) {
        rate *= 2;
      } else {
        if (bad - good <= Math.max(1000, bad / 20)) break;
        rate = (good + bad) / 2;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %s | %s |%n",
        name,
        good == 0 ? "< " + options.rateStart : String.format(Locale.ROOT, "%,d", good),
        bad == 0 ? "none found" : String.format(Locale.ROOT, "%,d", bad),
        steps);
  }

  // ---------------------------------------------------------------------------------------------
  // Output

  static void printResults(List<Result> results) {
    System.out.println(
        "| tracer | created | delivered | dropped | dropped (tracer's count) | flush s"
            + " | delivered spans/s | sink CPU s | p50 ns | p99 ns | p99.9 ns | max ns |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %,d | %,d | %,d (%.1f%%) | %s | %.1f%s | %,.0f | %s | %,d | %,d | %,d | %,d |%n",
          r.tracer,
          r.created,
          r.delivered,
          r.dropped(),
          r.created == 0 ? 0.0 : 100.0 * r.dropped() / r.created,
          r.droppedByTracer < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", r.droppedByTracer),
          r.flushSeconds,
          r.flushTimedOut ? " (timed out)" : "",
          r.deliveredPerSecond(),
          r.sinkCpuNanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", r.sinkCpuNanos / 1e9),
          r.percentile(0.50),
          r.percentile(0.99),
          r.percentile(0.999),
          r.latencies.length == 0 ? 0 : r.latencies[r.latencies.length - 1]);
    }
    for (Result r : results) {
      if (r.rejectedRequests > 0) {
        System.out.printf(
            Locale.ROOT, "%n%s: the sink could not decode %d request(s)%n", r.tracer, r.rejectedRequests);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  static final class Options {
    List<String> tracers = Arrays.asList(PipelineTracer.ALL);
    int threads = 2;
    int seconds = 10;
    int warmupSeconds = 5;
    int flushSeconds = 10;
    boolean rateSearch;
    long rateStart = 20_000;
    int rateSeconds = 5;
    int rateSteps = 8;
    SpanSink.Decoding sinkDecoding = SpanSink.Decoding.WALK;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--tracers":
            o.tracers = Arrays.asList(value(args, ++i, arg).split(","));
            break;
          case "--threads":
            o.threads = positive(args, ++i, arg);
            break;
          case "--seconds":
            o.seconds = positive(args, ++i, arg);
            break;
          case "--warmup-seconds":
            o.warmupSeconds = nonNegative(args, ++i, arg);
            break;
          case "--flush-seconds":
            o.flushSeconds = positive(args, ++i, arg);
            break;
          case "--rate-search":
            o.rateSearch = true;
            break;
          case "--rate-start":
            o.rateStart = positive(args, ++i, arg);
            break;
          case "--rate-seconds":
            o.rateSeconds = positive(args, ++i, arg);
            break;
          case "--rate-steps":
            o.rateSteps = positive(args, ++i, arg);
            break;
          case "--sink":
            String mode = value(args, ++i, arg);
            try {
              o.sinkDecoding = SpanSink.Decoding.valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException("--sink must be walk or full: " + mode);
            }
            break;
          case "-h":
          case "--help":
            System.out.println(
                "options: --tracers ringtrace,ringtrace-uncompressed,ringtrace-zipkin,otel,brave,jaeger"
                    + " --threads 2"
                    + " --seconds 10 --warmup-seconds 5 --flush-seconds 10 --rate-search --rate-start 20000"
                    + " --rate-seconds 5 --rate-steps 8 --sink walk|full");
            System.exit(0);
            break;
          default:
            throw new IllegalArgumentException("unknown option: " + arg);
        }
      }
      return o;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
      return args[i];
    }

    private static int positive(String[] args, int i, String option) {
      int n = nonNegative(args, i, option);
      if (n == 0) throw new IllegalArgumentException(option + " must be positive: 0");
      return n;
    }

    private static int nonNegative(String[] args, int i, String option) {
      String v = value(args, i, option);
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + ": not a number: " + v);
      }
      if (n < 0) throw new IllegalArgumentException(option + " must not be negative: " + v);
      return n;
    }
  }
}
