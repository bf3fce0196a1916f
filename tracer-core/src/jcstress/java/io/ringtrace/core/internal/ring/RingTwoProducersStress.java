/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal.ring;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two producers offer two elements each into a ring that has room for all, their index claims
 * interleaving in every order; then the consumer drains. Every element arrives exactly once and
 * each producer's pair in its order; the elements are interleaved in one of the six possible
 * ways.
 *
 * <p>r1: which interleaving the consumer saw, as the positions of producer 1's elements (a two
 * digit number: 12 means its elements came first and second); r2: 1 if all four arrived once
 * each with each producer's pair in order, 0 otherwise.
 */
@JCStressTest
@Description("Two producers interleaving their claims: no loss, no duplicate, per-producer order.")
@Outcome(id = "12, 1", expect = ACCEPTABLE, desc = "1 1 2 2")
@Outcome(id = "13, 1", expect = ACCEPTABLE, desc = "1 2 1 2")
@Outcome(id = "14, 1", expect = ACCEPTABLE, desc = "1 2 2 1")
@Outcome(id = "23, 1", expect = ACCEPTABLE, desc = "2 1 1 2")
@Outcome(id = "24, 1", expect = ACCEPTABLE, desc = "2 1 2 1")
@Outcome(id = "34, 1", expect = ACCEPTABLE, desc = "2 2 1 1")
@Outcome(expect = FORBIDDEN, desc = "Lost, doubled or reordered within a producer.")
@State
public class RingTwoProducersStress {

  // Producer 1 offers 1 then 2; producer 2 offers 3 then 4.
  private final MpscRing<Integer> ring = new MpscRing<>(4);
  private final int[] position = new int[5]; // where each element was seen, 1-based
  private int seen;
  private boolean duplicate;

  @Actor
  public void producer1() {
    ring.offer(1);
    ring.offer(2);
  }

  @Actor
  public void producer2() {
    ring.offer(3);
    ring.offer(4);
  }

  @Arbiter
  public void consumer(II_Result r) {
    ring.drain(this::record, 8);
    boolean all = seen == 4 && !duplicate;
    for (int e = 1; all && e <= 4; e++) all = position[e] != 0;
    boolean ordered = all && position[1] < position[2] && position[3] < position[4];
    r.r1 = position[1] * 10 + position[2];
    r.r2 = ordered ? 1 : 0;
  }

  private void record(Integer e) {
    if (position[e] != 0) duplicate = true;
    position[e] = ++seen;
  }
}
