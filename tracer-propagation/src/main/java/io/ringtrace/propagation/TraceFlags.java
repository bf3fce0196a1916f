/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

/**
 * The bits of {@link TraceContext#flags()}.
 *
 * <p>Bits 0-7 are the W3C {@code trace-flags} byte. Bits above that are Ringtrace's own and are
 * never written to a {@code traceparent} header.
 */
public final class TraceFlags {

  /** W3C sampled bit: the caller may have recorded this trace. */
  public static final int SAMPLED = 0x01;

  /**
   * W3C Trace Context Level 2 random trace-id flag: at least the rightmost seven bytes of the
   * trace id are random. Set on every trace id this tracer makes; a received flag is propagated
   * unchanged, and never invented for contexts of formats that cannot carry it (B3, Jaeger).
   */
  public static final int RANDOM = 0x02;

  /** The bits of the W3C {@code trace-flags} byte this tracer knows, reads and writes. */
  public static final int W3C_KNOWN = SAMPLED | RANDOM;

  /** The eight bits that travel in {@code traceparent}. */
  public static final int W3C_MASK = 0xff;

  /** Debug (B3 {@code X-B3-Flags: 1}, Jaeger flag 0x02): force sampling downstream. */
  public static final int DEBUG = 0x100;

  /**
   * The upstream made no sampling decision (B3 without {@code X-B3-Sampled}); the receiver
   * decides.
   */
  public static final int DEFERRED = 0x200;

  private TraceFlags() {}
}
