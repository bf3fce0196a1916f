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
 * Two producers and the consumer at once, on a ring with room for both: each element arrives
 * exactly once, and a producer's two elements in its order.
 *
 * <p>r1: elements the consumer got while racing; r2: 1 if consumer + arbiter together saw each
 * of the four elements once with each producer's pair in order, 0 otherwise.
 *
 * <p>Three actors: jcstress runs it only on a machine with at least three CPUs, and skips it
 * (saying so in its output) elsewhere. {@link RingTwoProducersStress} and {@link
 * RingWrapAroundStress} cover the same ground with two actors each.
 */
@JCStressTest
@Description("Two producers and a consumer racing: no loss, no duplicate, per-producer order.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Consumer came first.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Consumer got one.")
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "Consumer got two.")
@Outcome(id = "3, 1", expect = ACCEPTABLE, desc = "Consumer got three.")
@Outcome(id = "4, 1", expect = ACCEPTABLE, desc = "Consumer got all four.")
@Outcome(expect = FORBIDDEN, desc = "Lost, doubled or reordered within a producer.")
@State
public class RingRaceStress {

  // Producer 1 offers 1 then 2; producer 2 offers 3 then 4.
  private final MpscRing<Integer> ring = new MpscRing<>(4);
  private final int[] position = new int[5]; // where each element was seen, 1-based
  private int seen;
  private boolean duplicate;
  private int consumerGot;

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

  @Actor
  public void consumer() {
    consumerGot = ring.drain(this::record, 4);
  }

  @Arbiter
  public void arbiter(II_Result r) {
    ring.drain(this::record, 4);
    r.r1 = consumerGot;
    boolean all = seen == 4 && !duplicate;
    for (int e = 1; all && e <= 4; e++) all = position[e] != 0;
    boolean ordered = all && position[1] < position[2] && position[3] < position[4];
    r.r2 = ordered ? 1 : 0;
  }

  private void record(Integer e) {
    if (position[e] != 0) duplicate = true;
    position[e] = ++seen;
  }
}
