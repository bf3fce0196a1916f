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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * No element is seen before it is fully published: the producer writes two plain fields of a
 * fresh object, then offers it; a consumer that gets the object must see both writes (release
 * store of the slot, acquire load of the slot). And it is seen exactly once: by the consumer
 * or, later, by the arbiter.
 *
 * <p>r1, r2: the fields as the consumer saw them (-1, -1: it found the ring empty); r3: elements
 * the arbiter drained afterwards.
 */
@JCStressTest
@Description("An element offered by one thread is fully visible to the consumer, exactly once.")
@Outcome(id = "-1, -1, 1", expect = ACCEPTABLE, desc = "Consumer came first; arbiter got it.")
@Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "Consumer got it, fully published.")
@Outcome(id = "0, 0, 0", expect = FORBIDDEN, desc = "Consumer saw the object before its fields.")
@Outcome(id = "1, 0, 0", expect = FORBIDDEN, desc = "Consumer saw it half published.")
@Outcome(id = "0, 2, 0", expect = FORBIDDEN, desc = "Consumer saw it half published.")
@Outcome(expect = FORBIDDEN, desc = "Lost or duplicated.")
@State
public class RingPublicationStress {

  /** Plain, non-final fields: only the ring's publication makes them visible. */
  static final class Payload {
    int a;
    int b;
  }

  private final MpscRing<Payload> ring = new MpscRing<>(2);

  @Actor
  public void producer() {
    Payload p = new Payload();
    p.a = 1;
    p.b = 2;
    ring.offer(p);
  }

  @Actor
  public void consumer(III_Result r) {
    Payload p = ring.relaxedPoll();
    if (p == null) {
      r.r1 = -1;
      r.r2 = -1;
    } else {
      r.r1 = p.a;
      r.r2 = p.b;
    }
  }

  @Arbiter
  public void arbiter(III_Result r) {
    r.r3 = ring.drain(p -> {}, 2);
  }
}
