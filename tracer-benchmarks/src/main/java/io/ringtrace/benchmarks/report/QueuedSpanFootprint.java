/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.report;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.opentracing.Span;
import io.ringtrace.core.FinishedSpan;
import io.ringtrace.core.Ringtrace;
import io.ringtrace.core.RingtraceTracer;
import io.ringtrace.core.report.ExportResult;
import io.ringtrace.core.report.SpanExporter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Measures the heap a queued span holds: the live heap after a full GC grows by this much per
 * finished span waiting in the reporter's queue (the exporter is blocked, so nothing leaves).
 * The ring's slots are allocated when the tracer is built, so they are not in that figure; each
 * is one reference, added separately. The reporter's memory bound is {@code (queue capacity +
 * batch size) * bytes per queued span}.
 *
 * <pre>
 * java -cp tracer-benchmarks/target/benchmarks.jar io.ringtrace.benchmarks.report.QueuedSpanFootprint
 * </pre>
 */
public final class QueuedSpanFootprint {

  private static final int SPANS = 1 << 17;

  private QueuedSpanFootprint() {}

  public static void main(String[] args) throws Exception {
    boolean compressedOops =
        Boolean.parseBoolean(
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("UseCompressedOops")
                .getValue());
    int slot = compressedOops ? 4 : 8;
    System.out.println(
        "Java " + Runtime.version() + ", compressed oops " + compressedOops
            + ", ring slot " + slot + " bytes");
    report("root span, no tags of its own", slot, 0, 0);
    report("root span, 3 tags", slot, 3, 0);
    report("root span, 3 tags, 1 log of 2 fields", slot, 3, 1);
  }

  private static void report(String shape, int slot, int tags, int logs) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    RingtraceTracer tracer =
        Ringtrace.builder("footprint")
            .exporter(new BlockedExporter(release))
            .maxQueueSize(SPANS)
            .maxExportBatchSize(1)
            .build();
    try {
      finish(tracer, 1, tags, logs); // the one batch in flight: blocks the reporter thread
      while (tracer.metrics().inFlight() == 0) Thread.sleep(1);
      long before = liveHeap();
      finish(tracer, SPANS - 1, tags, logs);
      long after = liveHeap();
      long queued = tracer.metrics().queued();
      if (queued != SPANS - 1) throw new IllegalStateException("queued " + queued);
      long perSpan = (after - before) / queued;
      System.out.printf(
          "%-40s %4d bytes per span + %d per slot = %d bytes per queued span%n",
          shape + ":", perSpan, slot, perSpan + slot);
    } finally {
      release.countDown();
      tracer.close(Duration.ofSeconds(5));
    }
  }

  private static void finish(RingtraceTracer tracer, int count, int tags, int logs) {
    for (int i = 0; i < count; i++) {
      Span span = tracer.buildSpan("GET /home").start();
      if (tags > 0) span.setTag("span.kind", "server");
      if (tags > 1) span.setTag("http.method", "GET");
      if (tags > 2) span.setTag("http.status_code", 200);
      for (int l = 0; l < logs; l++) span.log(Map.of("event", "retry", "attempt", l));
      span.finish();
    }
  }

  private static long liveHeap() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) { // a few rounds, keep the lowest: what survives is live
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  /** Holds every batch until released. */
  static final class BlockedExporter implements SpanExporter {
    private final CountDownLatch release;

    BlockedExporter(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public ExportResult export(List<FinishedSpan> spans) {
      try {
        release.await();
      } catch (InterruptedException e) {
        return ExportResult.failure(true, spans.size(), "interrupted");
      }
      return ExportResult.success();
    }

    @Override
    public void shutdown() {
      release.countDown();
    }
  }
}
