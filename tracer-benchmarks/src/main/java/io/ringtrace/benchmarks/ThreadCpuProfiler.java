/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The CPU time the benchmark threads themselves spent per operation ({@code cpu.time.norm}, in
 * ns/op): what the application thread pays, without the tracer's background threads and without
 * time the thread waited for a core. On a small shared machine this is steadier than wall time.
 *
 * <p>Use with {@code -prof io.ringtrace.benchmarks.ThreadCpuProfiler}. Threads are recognised by
 * JMH's worker thread names ({@code -jmh-worker-}).
 */
public final class ThreadCpuProfiler implements InternalProfiler {

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> before = new HashMap<>();

  public ThreadCpuProfiler() {
    if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
      threads.setThreadCpuTimeEnabled(true);
    }
  }

  @Override
  public String getDescription() {
    return "CPU time of the benchmark threads per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    before.clear();
    for (Thread t : workers()) before.put(t.getId(), threads.getThreadCpuTime(t.getId()));
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long cpu = 0;
    for (Thread t : workers()) {
      Long start = before.get(t.getId());
      long now = threads.getThreadCpuTime(t.getId());
      if (start != null && start >= 0 && now >= 0) cpu += now - start;
    }
    long ops = result.getMetadata() == null ? 0 : result.getMetadata().getAllOps();
    List<Result> out = new ArrayList<>();
    if (ops > 0) {
      out.add(new ScalarResult("cpu.time.norm", (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
    }
    return out;
  }

  private static List<Thread> workers() {
    List<Thread> out = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains("-jmh-worker-")) out.add(t);
    }
    return out;
  }
}
