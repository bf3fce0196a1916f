/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Several producers push millions of elements through a small ring while one consumer drains
 * it. Exact count, no duplicates, each producer's order kept. The memory-model claims are
 * checked more sharply by the jcstress tests (profile {@code jcstress}); this one finds what only
 * volume and wrap-arounds find.
 */
class MpscRingStressTest {

  private static final int PRODUCERS = 3;
  private static final int PER_PRODUCER = 1_000_000;

  /** An element that says who offered it and its place in that producer's sequence. */
  private static final class Item {
    final int producer;
    final int sequence;

    Item(int producer, int sequence) {
      this.producer = producer;
      this.sequence = sequence;
    }
  }

  @Test
  void manyProducers_oneConsumer_everyElementArrivesOnce_inEachProducersOrder() throws Exception {
    MpscRing<Item> ring = new MpscRing<>(1024);
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread[] producers = new Thread[PRODUCERS];
    for (int p = 0; p < PRODUCERS; p++) {
      int producer = p;
      producers[p] =
          new Thread(
              () -> {
                try {
                  go.await();
                  for (int i = 0; i < PER_PRODUCER; i++) {
                    Item item = new Item(producer, i);
                    while (!ring.offer(item)) Thread.yield(); // full: let the consumer run
                  }
                } catch (Throwable t) {
                  failure.compareAndSet(null, t);
                }
              },
              "producer-" + p);
      producers[p].start();
    }

    int[] next = new int[PRODUCERS]; // the sequence each producer must deliver next
    long[] received = {0};
    String[] error = {null};
    go.countDown();
    long total = (long) PRODUCERS * PER_PRODUCER;
    while (received[0] < total && error[0] == null && failure.get() == null) {
      int n =
          ring.drain(
              item -> {
                if (item.sequence != next[item.producer] && error[0] == null) {
                  error[0] =
                      "producer " + item.producer + ": expected " + next[item.producer]
                          + " but got " + item.sequence;
                }
                next[item.producer] = item.sequence + 1;
                received[0]++;
              },
              256);
      if (n == 0) Thread.yield();
    }
    for (Thread t : producers) t.join();

    assertThat(failure.get()).isNull();
    assertThat(error[0]).isNull();
    assertThat(received[0]).isEqualTo(total);
    assertThat(next).containsOnly(PER_PRODUCER);
    assertThat(ring.drain(item -> {}, 1)).as("nothing left over").isZero();
    assertThat(ring.producerIndex()).isEqualTo(total);
  }
}
