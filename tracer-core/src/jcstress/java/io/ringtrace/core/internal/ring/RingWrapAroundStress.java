/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal.ring;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A full ring that has wrapped around: the consumer frees a slot while the producer tries to
 * reuse it. The producer may only write a slot after the consumer has cleared it (release store
 * of the consumer index, volatile load by the producer): otherwise the consumer's clearing
 * store could wipe the new element, or the producer overwrite one not yet taken.
 *
 * <p>Capacity 2, indices already at 3 (every slot used before), then X at index 3. The producer
 * offers A (index 4, always room) and B (index 5, room only once X is taken); the consumer
 * drains what it finds; the arbiter drains the rest. r1: how many of A, B were accepted; r2: how
 * many the consumer got; r3: 1 if consumer + arbiter together saw exactly X and the accepted
 * elements, each once, in order; 0 otherwise.
 */
@JCStressTest
@Description("Slot reuse after wrap-around: no element lost, doubled or reordered.")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "Consumer found nothing published yet.")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Consumer took X; B saw the ring full.")
@Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "Consumer took X, A; B saw a stale index.")
@Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "Consumer took X; B reused its slot.")
@Outcome(id = "2, 2, 1", expect = ACCEPTABLE, desc = "Consumer took X, A; B reused X's slot.")
@Outcome(id = "2, 3, 1", expect = ACCEPTABLE_INTERESTING, desc = "Consumer took all three.")
@Outcome(id = "2, 0, .*", expect = FORBIDDEN, desc = "B accepted with X not taken: overwrite.")
@Outcome(expect = FORBIDDEN, desc = "Lost, doubled or reordered.")
@State
public class RingWrapAroundStress {

  private static final Integer X = 1;
  private static final Integer A = 2;
  private static final Integer B = 3;

  private final MpscRing<Integer> ring = new MpscRing<>(2);
  private final int[] order = new int[8];
  private int seen;
  private int consumerGot;

  public RingWrapAroundStress() {
    for (int i = 0; i < 3; i++) { // move both indices to 3: the next offers wrap around
      ring.offer(-1);
      ring.relaxedPoll();
    }
    ring.offer(X);
  }

  @Actor
  public void producer(III_Result r) {
    int accepted = 0;
    if (ring.offer(A)) accepted++;
    if (ring.offer(B)) accepted++;
    r.r1 = accepted;
  }

  @Actor
  public void consumer() {
    consumerGot = ring.drain(this::record, 4);
  }

  @Arbiter
  public void arbiter(III_Result r) {
    ring.drain(this::record, 4);
    r.r2 = consumerGot;
    boolean exact = seen == r.r1 + 1;
    for (int i = 0; exact && i < seen; i++) exact = order[i] == i + 1; // X, A, B in order
    r.r3 = exact ? 1 : 0;
  }

  private void record(Integer e) {
    if (seen < order.length) order[seen] = e;
    seen++;
  }
}
