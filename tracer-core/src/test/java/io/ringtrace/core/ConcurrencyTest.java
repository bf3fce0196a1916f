/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentracing.Span;
import io.ringtrace.core.report.InMemorySpanExporter;
import io.ringtrace.core.report.ReporterMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ConcurrencyTest {

  @Test
  void eightThreadsTimesTenThousandSpans_everySpanDeliveredExactlyOnce_withUniqueIds()
      throws Exception {
    int threads = 8;
    int perThread = 10_000;
    BatchedMemoryExporter batched = new BatchedMemoryExporter();
    InMemorySpanExporter memory = batched.memory;
    // Through the ring and the reporter thread, with a queue that holds every span, so that
    // nothing may be dropped: delivery must be exact.
    RingtraceTracer tracer =
        Ringtrace.builder("svc").exporter(batched).maxQueueSize(threads * perThread).build();
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                for (int i = 0; i < perThread; i++) {
                  tracer.buildSpan("op").withTag("thread", id).withTag("i", i).start().finish();
                }
              });
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) w.join();
    assertThat(tracer.flush(Duration.ofSeconds(30))).isTrue();

    List<FinishedSpan> spans = memory.finishedSpans();
    ReporterMetrics m = tracer.metrics();
    assertThat(m.spansFinished()).isEqualTo((long) threads * perThread);
    assertThat(m.spansExported()).isEqualTo(m.spansFinished());
    assertThat(m.droppedTotal()).isZero();
    assertThat(spans).hasSize(threads * perThread);
    Set<Long> ids = new HashSet<>();
    Set<String> threadAndIndex = new HashSet<>();
    for (FinishedSpan s : spans) {
      ids.add(s.spanIdAsLong());
      threadAndIndex.add(s.tags().get("thread") + "/" + s.tags().get("i"));
    }
    assertThat(ids).hasSize(spans.size());
    assertThat(threadAndIndex).hasSize(spans.size());
    tracer.close();
  }

  @Test
  @Timeout(120)
  void inMemoryExporter_fourThreadsTimesFiftyThousand_everySpanPresentOnceWithoutFlush()
      throws Exception {
    int threads = 4;
    int perThread = 50_000;
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    // The default queue (2048) is far smaller than the burst: only a synchronous hand-off keeps
    // every span.
    RingtraceTracer tracer = Ringtrace.builder("svc").exporter(memory).build();
    long[] finishedByThread = new long[threads];
    Set<Long>[] idsByThread = newIdSets(threads);
    runTogether(
        threads,
        id -> {
          for (int i = 0; i < perThread; i++) {
            Span span = tracer.buildSpan("op").withTag("thread", id).start();
            span.finish();
            finishedByThread[id]++;
            idsByThread[id].add(((RingtraceSpanContext) span.context()).spanId());
          }
        });

    // No flush: every span must be there once finish() returned.
    List<FinishedSpan> spans = memory.finishedSpans();
    Set<Long> expectedIds = new HashSet<>();
    for (Set<Long> ids : idsByThread) expectedIds.addAll(ids);
    assertThat(expectedIds).hasSize(threads * perThread);
    Set<Long> seen = new HashSet<>();
    long[] seenByThread = new long[threads];
    for (FinishedSpan s : spans) {
      assertThat(seen.add(s.spanIdAsLong())).as("span %x seen twice", s.spanIdAsLong()).isTrue();
      seenByThread[((Number) s.tags().get("thread")).intValue()]++;
    }
    assertThat(seen).isEqualTo(expectedIds);
    assertThat(seenByThread).containsExactly(finishedByThread);
    ReporterMetrics m = tracer.metrics();
    assertThat(m.spansExported()).isEqualTo(threads * perThread);
    assertThat(m.droppedTotal()).isZero();
    assertThat(m.queued()).isZero();
    assertThat(m.inFlight()).isZero();
    tracer.close();
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
  private static Set<Long>[] newIdSets(int n) {
    Set<Long>[] sets = new Set[n];
    for (int i = 0; i < n; i++) sets[i] = new HashSet<>();
    return sets;
  }

  @Test
  void oneSpan_mutatedFromManyThreads_losesNoWrite() throws Exception {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = Ringtrace.builder("svc").exporter(memory).build();
    Span span = tracer.buildSpan("shared").start();
    int threads = 4;
    int perThread = 25; // 100 tags and 100 logs: inside the default limits
    runTogether(
        threads,
        id -> {
          for (int i = 0; i < perThread; i++) {
            span.setTag("t" + id + "-" + i, i);
            span.log("t" + id + "-" + i);
            span.setBaggageItem("b" + id + "-" + i, Integer.toString(i));
          }
        });
    span.finish();
    tracer.flush(Duration.ofSeconds(5));

    FinishedSpan f = memory.finishedSpans().get(0);
    assertThat(f.tagCount()).isEqualTo(threads * perThread);
    assertThat(f.logs()).hasSize(threads * perThread);
    assertThat(f.baggage()).hasSize(64); // the default baggage item limit, reached exactly
    tracer.close();
  }

  @Test
  void racingFinishCalls_reportTheSpanExactlyOnce() throws Exception {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    RingtraceTracer tracer = Ringtrace.builder("svc").exporter(memory).build();
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) spans.add(tracer.buildSpan("op").start());
    runTogether(4, id -> spans.forEach(Span::finish));
    tracer.flush(Duration.ofSeconds(5));

    assertThat(memory.finishedSpans()).hasSize(1_000);
    assertThat(tracer.metrics().spansFinished()).isEqualTo(1_000);
    tracer.close();
  }

  interface Work {
    void run(int threadId);
  }

  static void runTogether(int threads, Work work) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                work.run(id);
              });
      w.start();
      workers.add(w);
    }
    go.countDown();
    for (Thread w : workers) w.join();
  }
}
