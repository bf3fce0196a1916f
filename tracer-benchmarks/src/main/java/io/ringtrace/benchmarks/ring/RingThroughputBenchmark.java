/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.benchmarks.ring;

import io.ringtrace.core.internal.ring.MpscRing;
import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jctools.queues.MpscArrayQueue;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Elements per microsecond through a bounded multi-producer / single-consumer queue: Ringtrace's
 * {@link MpscRing} against JCTools' {@link MpscArrayQueue} and the JDK's {@link
 * ArrayBlockingQueue}, with one and with two producers offering as fast as they can and one
 * consumer draining in batches, the way the reporter does.
 *
 * <p>Read the {@code offered} and {@code drained} secondary results (elements per µs), not the
 * primary score, which adds up calls of both kinds. {@code offerFailed} counts offers that found
 * the queue full, {@code drainEmpty} drains that found it empty. Two producers plus the consumer
 * need three free cores to mean anything.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class RingThroughputBenchmark {

  private static final Object ELEMENT = new Object();

  @Param({"ringtrace", "jctools", "abq"})
  public String queue;

  /** The reporter's default queue size. */
  @Param("2048")
  public int capacity;

  /** The reporter's default batch size. */
  @Param("512")
  public int drainLimit;

  private QueueUnderTest q;

  @Setup(Level.Trial)
  public void setUp() {
    switch (queue) {
      case "ringtrace":
        q = new RingtraceQueue(capacity);
        break;
      case "jctools":
        q = new JctoolsQueue(capacity);
        break;
      case "abq":
        q = new BlockingQueue(capacity, drainLimit);
        break;
      default:
        throw new IllegalArgumentException("queue: " + queue);
    }
  }

  /** Per producer thread: offers that got in and offers that found the queue full. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class OfferCounters {
    public long offered;
    public long offerFailed;

    @Setup(Level.Iteration)
    public void reset() {
      offered = 0;
      offerFailed = 0;
    }
  }

  /** For the consumer thread: elements drained and drains that found nothing. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class DrainCounters {
    public long drained;
    public long drainEmpty;

    @Setup(Level.Iteration)
    public void reset() {
      drained = 0;
      drainEmpty = 0;
    }
  }

  @Benchmark
  @Group("oneProducer")
  @GroupThreads(1)
  public void offer1(OfferCounters c) {
    offer(c);
  }

  @Benchmark
  @Group("oneProducer")
  @GroupThreads(1)
  public void drain1(DrainCounters c) {
    drain(c);
  }

  @Benchmark
  @Group("twoProducers")
  @GroupThreads(2)
  public void offer2(OfferCounters c) {
    offer(c);
  }

  @Benchmark
  @Group("twoProducers")
  @GroupThreads(1)
  public void drain2(DrainCounters c) {
    drain(c);
  }

  private void offer(OfferCounters c) {
    if (q.offer(ELEMENT)) {
      c.offered++;
    } else {
      c.offerFailed++;
    }
  }

  private void drain(DrainCounters c) {
    int n = q.drain(drainLimit);
    if (n == 0) {
      c.drainEmpty++;
    } else {
      c.drained += n;
    }
  }

  /** One queue behind one call shape; a fork sees only one subclass, so calls stay monomorphic. */
  abstract static class QueueUnderTest {
    abstract boolean offer(Object e);

    abstract int drain(int limit);
  }

  /** Takes each drained element; a field write, so the drain cannot be optimised away. */
  static final class Sink implements Consumer<Object> {
    Object last;

    @Override
    public void accept(Object e) {
      last = e;
    }
  }

  static final class RingtraceQueue extends QueueUnderTest {
    private final MpscRing<Object> ring;
    private final Sink sink = new Sink();

    RingtraceQueue(int capacity) {
      ring = new MpscRing<>(capacity);
    }

    @Override
    boolean offer(Object e) {
      return ring.offer(e);
    }

    @Override
    int drain(int limit) {
      return ring.drain(sink, limit);
    }
  }

  static final class JctoolsQueue extends QueueUnderTest {
    private final MpscArrayQueue<Object> queue;
    private final Sink sink = new Sink();

    JctoolsQueue(int capacity) {
      queue = new MpscArrayQueue<>(capacity);
    }

    @Override
    boolean offer(Object e) {
      return queue.offer(e);
    }

    @Override
    int drain(int limit) {
      return queue.drain(sink::accept, limit);
    }
  }

  static final class BlockingQueue extends QueueUnderTest {
    private final ArrayBlockingQueue<Object> queue;
    private final ArrayList<Object> batch;

    BlockingQueue(int capacity, int drainLimit) {
      queue = new ArrayBlockingQueue<>(capacity);
      batch = new ArrayList<>(drainLimit);
    }

    @Override
    boolean offer(Object e) {
      return queue.offer(e);
    }

    @Override
    int drain(int limit) {
      int n = queue.drainTo(batch, limit);
      batch.clear();
      return n;
    }
  }
}
