/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A bounded multi-producer / single-consumer queue over a power-of-two array. Internal, not for
 * public use.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>{@link #offer} may be called from any number of threads at once. It never blocks, never
 *       spins waiting for the consumer and never allocates: when the ring is full it answers
 *       {@code false} at once. Producers only contend with each other on one compare-and-set of
 *       the producer index.
 *   <li>{@link #drain} and {@link #relaxedPoll} may be called by one thread at a time only (the
 *       consumer). Calls from different threads must be ordered by a happens-before edge (a
 *       thread start, a lock) or the ring is corrupted.
 *   <li>Everything a producer wrote before a successful {@code offer(e)} happens-before the
 *       consumer's use of {@code e} (release store of the slot, acquire load of the slot).
 *   <li>Each element offered successfully is seen by the consumer exactly once, and the elements
 *       of one producer thread are seen in the order that thread offered them.
 *   <li>The consumer reads slots in index order and stops at the first slot whose producer has
 *       claimed the index but not yet stored the element: a relaxed drain may therefore answer
 *       fewer elements than {@link #size()} promised. Callers that need every element up to an
 *       index (flush) read {@link #producerIndex()} first and drain again until the consumer
 *       index reaches it.
 *   <li>{@link #size()}, {@link #producerIndex()} and {@link #consumerIndex()} are exact at the
 *       instant of their read, and stale at once: best effort for any thread but the consumer.
 * </ul>
 *
 * <h2>Algorithm</h2>
 *
 * The one of JCTools' {@code MpscArrayQueue}, written with {@link VarHandle}s: a producer claims
 * index {@code p} by compare-and-set of {@code producerIndex} from {@code p} to {@code p + 1},
 * then stores its element into slot {@code p & mask} with a release store. The consumer loads
 * slot {@code c & mask} with an acquire load; {@code null} means "not yet published". It clears
 * the slot with a plain store and publishes the free slot to the producers by a release store of
 * {@code consumerIndex = c + 1}. A producer may only claim {@code p} while {@code p <
 * consumerIndex + capacity}; to avoid reading the consumer's cache line on every offer, producers
 * keep a shared upper bound of that, {@code producerLimit}, and only read {@code consumerIndex}
 * when they reach it.
 *
 * <p>Indices are {@code long}s that only grow: at one offer per nanosecond they wrap after 292
 * years.
 *
 * <h2>Layout</h2>
 *
 * The three hot indices each sit in their own 128-byte region (two cache lines, against the
 * adjacent-line prefetcher), made by the chain of padding superclasses below: HotSpot places the
 * fields of a superclass before those of its subclasses. The element array is padded at both ends
 * the same way, so that the first and last slots, written by producers, do not share a line with
 * the array header (read by every bounds check) or with a neighbouring object.
 *
 * @param <E> the element type; {@code null} elements are rejected
 */
public final class MpscRing<E> extends MpscRingPad3 {

  /** Largest capacity: the biggest power of two an {@code int}-indexed array can hold. */
  public static final int MAX_CAPACITY = 1 << 30;

  /** Reference slots of padding at each end of {@link #buffer}: 128 bytes with compressed oops. */
  static final int BUFFER_PAD = 32;

  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

  /**
   * The slots: {@code buffer[BUFFER_PAD + (index & mask)]}. Written by the producer that claimed
   * the index (release store of the element, {@link #soSlot}) and by the consumer (plain store of
   * {@code null}, {@link #spSlot}, published by the release store of {@code consumerIndex} that
   * follows). Read by the consumer only (acquire load, {@link #laSlot}), which pairs with the
   * producer's release store: the consumer sees the element only with everything its producer
   * wrote before offering it.
   */
  private final Object[] buffer;

  /** {@code capacity - 1}; capacity is a power of two. Final, so safely published. */
  private final long mask;

  private final int capacity;

  /**
   * A ring of {@code capacity} slots.
   *
   * @throws IllegalArgumentException unless {@code 2 <= capacity <= MAX_CAPACITY} and a power of
   *     two
   */
  public MpscRing(int capacity) {
    super(capacity);
    if (capacity < 2 || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException(
          "capacity must be a power of two in [2, " + MAX_CAPACITY + "]: " + capacity);
    }
    this.capacity = capacity;
    this.mask = capacity - 1L;
    this.buffer = new Object[capacity + 2 * BUFFER_PAD];
  }

  /** The smallest power of two {@code >= requested}, within {@code [2, MAX_CAPACITY]}. */
  public static int roundToPowerOfTwo(int requested) {
    if (requested <= 2) return 2;
    if (requested >= MAX_CAPACITY) return MAX_CAPACITY;
    return Integer.highestOneBit(requested - 1) << 1;
  }

  /** How many elements the ring holds when full. */
  public int capacity() {
    return capacity;
  }

  /**
   * Adds {@code e} unless the ring is full. Lock-free: never blocks, answers {@code false} at once
   * when full.
   *
   * @throws NullPointerException if {@code e} is null
   */
  public boolean offer(E e) {
    return offerIndexed(e) >= 0;
  }

  /**
   * {@link #offer}, answering the index the element got (the number of elements offered
   * successfully before it), or {@code -1} when the ring was full.
   *
   * @throws NullPointerException if {@code e} is null
   */
  public long offerIndexed(E e) {
    if (e == null) throw new NullPointerException("e == null");
    final long mask = this.mask; // final fields into locals: read once, no re-load after the CAS
    final long capacity = mask + 1;

    long limit = lvProducerLimit();
    long index;
    do {
      index = lvProducerIndex();
      if (index >= limit) {
        // Slow path: the cached bound says full. Read the consumer's index (its cache line) to
        // see whether it really is.
        limit = lvConsumerIndex() + capacity;
        if (index >= limit) return -1; // full: answer at once, never wait for the consumer
        // NOTE benign race: producers store limits computed from different consumer-index
        // reads, and a smaller (older) one may overwrite a larger one. Every value stored is
        // some consumerIndex + capacity with consumerIndex read at or before now, so never more
        // than the true limit; a stale one only sends a producer down this path again.
        soProducerLimit(limit);
      }
    } while (!casProducerIndex(index, index + 1));
    // The CAS made the index ours: no other producer writes this slot until the consumer has
    // passed it and capacity more indices have been claimed. The consumer cleared it before
    // its release store of consumerIndex, which our volatile read above acquired (on this pass
    // or an earlier one by some producer whose limit we used; in both cases through a chain of
    // volatile accesses), so our store cannot be overwritten by the consumer's null.
    soSlot(slotOffset(index, mask), e);
    return index;
  }

  /**
   * Consumer only: hands up to {@code limit} elements to {@code sink}, oldest first, and answers
   * how many. Stops early at an empty slot: either the ring is empty or the next producer has
   * claimed its index but not yet stored its element. The slots are freed for producers one by
   * one as they are read, before {@code sink} is called.
   *
   * <p>If {@code sink} throws, the element it was given is lost to the ring (it was already
   * taken), the elements after it stay queued, and the exception propagates.
   */
  public int drain(Consumer<? super E> sink, int limit) {
    final Object[] buffer = this.buffer;
    final long mask = this.mask;
    final long consumerIndex = lpConsumerIndex(); // only the consumer writes it: plain is enough
    for (int i = 0; i < limit; i++) {
      final long index = consumerIndex + i;
      final int offset = slotOffset(index, mask);
      @SuppressWarnings("unchecked")
      final E e = (E) laSlot(buffer, offset);
      if (e == null) return i;
      spSlot(buffer, offset, null); // published to producers by the release store below
      soConsumerIndex(index + 1);
      sink.accept(e);
    }
    return limit;
  }

  /**
   * Consumer only: the oldest element, or {@code null} when the ring is empty or the next
   * producer has not finished storing its element.
   */
  public E relaxedPoll() {
    final long consumerIndex = lpConsumerIndex();
    final int offset = slotOffset(consumerIndex, mask);
    @SuppressWarnings("unchecked")
    final E e = (E) laSlot(buffer, offset);
    if (e == null) return null;
    spSlot(buffer, offset, null);
    soConsumerIndex(consumerIndex + 1);
    return e;
  }

  /**
   * How many elements were offered successfully since the ring was made: the index the next
   * element will get. A volatile read: every offer that returned before the call is counted.
   */
  public long producerIndex() {
    return lvProducerIndex();
  }

  /** How many elements the consumer has taken since the ring was made. A volatile read. */
  public long consumerIndex() {
    return lvConsumerIndex();
  }

  /**
   * Elements in the ring, including claimed slots whose element is still being stored. Exact for
   * an instant between the call and the return, in {@code [0, capacity]}; best effort.
   */
  public int size() {
    // Read consumer, producer, consumer again until the consumer index held still, so that the
    // pair belongs to one instant. The producer index is read in between: it only grows, so the
    // difference is never negative and, the consumer having held still, never above capacity.
    long after = lvConsumerIndex();
    while (true) {
      final long before = after;
      final long producerIndex = lvProducerIndex();
      after = lvConsumerIndex();
      if (before == after) {
        return (int) Math.min(producerIndex - after, capacity);
      }
    }
  }

  /** True when {@link #size()} is zero; best effort like it. */
  public boolean isEmpty() {
    return lvConsumerIndex() == lvProducerIndex();
  }

  @Override
  public String toString() {
    return "MpscRing{capacity=" + capacity + ", size=" + size() + '}';
  }

  // --------------------------------------------------------------------------------- slots

  private static int slotOffset(long index, long mask) {
    return BUFFER_PAD + (int) (index & mask);
  }

  /** Release store: pairs with {@link #laSlot}; publishes the element and what preceded it. */
  private static void soSlot(Object[] buffer, int offset, Object e) {
    SLOT.setRelease(buffer, offset, e);
  }

  /** Plain store: the consumer clearing a slot; published by the next {@link #soConsumerIndex}. */
  private static void spSlot(Object[] buffer, int offset, Object e) {
    SLOT.set(buffer, offset, e);
  }

  /** Acquire load: pairs with {@link #soSlot}. */
  private static Object laSlot(Object[] buffer, int offset) {
    return SLOT.getAcquire(buffer, offset);
  }

  private void soSlot(int offset, Object e) {
    soSlot(buffer, offset, e);
  }
}

// The padding chain. Each hot field sits between two 128-byte pads. The pads are never read;
// they are longs only to take space (HotSpot keeps a superclass's fields before its subclass's).

/** Keeps the producer index off the object header's line and whatever precedes the object. */
@SuppressWarnings("unused")
abstract class MpscRingPad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07;
  long p08, p09, p10, p11, p12, p13, p14, p15;
}

abstract class MpscRingProducerIndex extends MpscRingPad0 {
  private static final VarHandle PRODUCER_INDEX;

  static {
    try {
      PRODUCER_INDEX =
          MethodHandles.lookup()
              .findVarHandle(MpscRingProducerIndex.class, "producerIndex", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * The next index to claim; the count of successful offers. Written only by CAS from producers
   * (full fence: orders each claim with all other producers). Read with volatile loads by
   * producers (before their CAS) and by any thread for {@code size()} and flush targets; the
   * consumer does not need it to drain, it follows the slots.
   */
  private volatile long producerIndex;

  final long lvProducerIndex() {
    return producerIndex;
  }

  final boolean casProducerIndex(long expect, long update) {
    return PRODUCER_INDEX.compareAndSet(this, expect, update);
  }
}

@SuppressWarnings("unused")
abstract class MpscRingPad1 extends MpscRingProducerIndex {
  long p00, p01, p02, p03, p04, p05, p06, p07;
  long p08, p09, p10, p11, p12, p13, p14, p15;
}

abstract class MpscRingProducerLimit extends MpscRingPad1 {
  private static final VarHandle PRODUCER_LIMIT;

  static {
    try {
      PRODUCER_LIMIT =
          MethodHandles.lookup()
              .findVarHandle(MpscRingProducerLimit.class, "producerLimit", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * A lower bound of {@code consumerIndex + capacity}: producers may claim indices below it
   * without reading {@code consumerIndex}. Written by producers with release stores (NOTE benign
   * race: concurrent stores of different bounds, see {@code offerIndexed}); read by producers with
   * volatile loads. Its own region so that the stores, rare, do not disturb the producer index's
   * line, written on every offer. Starts at {@code capacity} (an empty ring).
   */
  private volatile long producerLimit;

  MpscRingProducerLimit(int capacity) {
    this.producerLimit = capacity;
  }

  final long lvProducerLimit() {
    return producerLimit;
  }

  final void soProducerLimit(long limit) {
    PRODUCER_LIMIT.setRelease(this, limit);
  }
}

@SuppressWarnings("unused")
abstract class MpscRingPad2 extends MpscRingProducerLimit {
  long p00, p01, p02, p03, p04, p05, p06, p07;
  long p08, p09, p10, p11, p12, p13, p14, p15;

  MpscRingPad2(int capacity) {
    super(capacity);
  }
}

abstract class MpscRingConsumerIndex extends MpscRingPad2 {
  private static final VarHandle CONSUMER_INDEX;

  static {
    try {
      CONSUMER_INDEX =
          MethodHandles.lookup()
              .findVarHandle(MpscRingConsumerIndex.class, "consumerIndex", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * The next index to take; the count of elements taken. Written only by the consumer, with a
   * release store after it cleared the slot, so that a producer that reads the new value (volatile
   * load, in {@code offerIndexed}'s slow path) also sees the slot empty before it reuses it. Read
   * plainly by the consumer (its own field) and with volatile loads by everyone else.
   */
  private volatile long consumerIndex;

  MpscRingConsumerIndex(int capacity) {
    super(capacity);
  }

  final long lvConsumerIndex() {
    return consumerIndex;
  }

  /** Consumer only: its own field, no ordering needed. */
  final long lpConsumerIndex() {
    return (long) CONSUMER_INDEX.get(this);
  }

  /** Consumer only: publishes the slots freed before it. */
  final void soConsumerIndex(long index) {
    CONSUMER_INDEX.setRelease(this, index);
  }
}

/** Keeps the consumer index off the line of the fields that follow (buffer, mask, capacity). */
@SuppressWarnings("unused")
abstract class MpscRingPad3 extends MpscRingConsumerIndex {
  long p00, p01, p02, p03, p04, p05, p06, p07;
  long p08, p09, p10, p11, p12, p13, p14, p15;

  MpscRingPad3(int capacity) {
    super(capacity);
  }
}
