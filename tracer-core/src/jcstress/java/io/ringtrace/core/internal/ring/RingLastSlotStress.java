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
import org.openjdk.jcstress.infra.results.ZZI_Result;

/**
 * Two producers race for the last free slot: exactly one wins, and the ring then holds the
 * element already there plus the winner's, each once.
 *
 * <p>r1, r2: what each producer's offer answered; r3: which elements the arbiter drained, as a
 * bit set (1: the one already there, 2: producer 1's, 4: producer 2's; 8: an element twice or in
 * the wrong order).
 */
@JCStressTest
@Description("Two producers racing for the last slot: one wins, nothing is lost or doubled.")
@Outcome(id = "true, false, 3", expect = ACCEPTABLE, desc = "Producer 1 won the slot.")
@Outcome(id = "false, true, 5", expect = ACCEPTABLE, desc = "Producer 2 won the slot.")
@Outcome(id = "true, true, .*", expect = FORBIDDEN, desc = "Both won: an element overwritten.")
@Outcome(id = "false, false, .*", expect = FORBIDDEN, desc = "Both lost: a free slot refused.")
@Outcome(expect = FORBIDDEN, desc = "The winner's element lost, doubled or misplaced.")
@State
public class RingLastSlotStress {

  private static final Integer FIRST = 1;
  private static final Integer ONE = 2;
  private static final Integer TWO = 4;

  private final MpscRing<Integer> ring = new MpscRing<>(2);

  public RingLastSlotStress() {
    ring.offer(FIRST); // one of two slots taken
  }

  @Actor
  public void producer1(ZZI_Result r) {
    r.r1 = ring.offer(ONE);
  }

  @Actor
  public void producer2(ZZI_Result r) {
    r.r2 = ring.offer(TWO);
  }

  @Arbiter
  public void arbiter(ZZI_Result r) {
    int[] seen = {0, 0}; // bits, position
    ring.drain(
        e -> {
          if ((seen[0] & e) != 0 || (seen[1] == 0) != (e == FIRST)) seen[0] |= 8;
          seen[0] |= e;
          seen[1]++;
        },
        4);
    r.r3 = seen[0];
  }
}
