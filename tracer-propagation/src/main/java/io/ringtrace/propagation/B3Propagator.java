/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import io.ringtrace.propagation.internal.Hex;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * B3 (openzipkin/b3-propagation): the single header {@code b3:
 * {TraceId}-{SpanId}-{SamplingState}-{ParentSpanId}} or the multi headers {@code X-B3-TraceId},
 * {@code X-B3-SpanId}, {@code X-B3-ParentSpanId}, {@code X-B3-Sampled} and {@code X-B3-Flags}.
 *
 * <p>Both instances read both forms, the single header first (as OpenTelemetry's B3 propagator
 * does); they differ in what they write. Ids are lower-case hex: a trace id of 16 (64-bit) or 32
 * characters, span and parent ids of 16, never all zero. Sampling state:
 *
 * <ul>
 *   <li>{@code 1} (or {@code X-B3-Sampled: true}) is {@link TraceFlags#SAMPLED}, {@code 0} (or
 *       {@code false}) is not sampled, no state at all is {@link TraceFlags#DEFERRED} (the
 *       receiver decides);
 *   <li>{@code d} or {@code X-B3-Flags: 1} is debug: {@link TraceFlags#DEBUG} and sampled;
 *   <li>{@code b3: 0} (or {@code X-B3-Sampled: 0} without ids) is a deny-only decision: a
 *       {@linkplain ExtractedContext#isSamplingOnly() sampling-only} context of a new, unsampled
 *       trace. Accept- or debug-only headers without ids give no context: the receiver's sampler
 *       decides.
 * </ul>
 *
 * <p>A repeated header with a different value makes the form it belongs to unreadable. Written:
 * a 64-bit trace id as 16 characters, a 128-bit one as 32; the parent id when there is one; debug
 * as {@code d} / {@code X-B3-Flags: 1} (and no {@code X-B3-Sampled}, which debug implies); a
 * deferred decision as no sampling state.
 */
public final class B3Propagator implements HeaderCodec {

  static final String B3 = "b3";
  static final String TRACE_ID = "X-B3-TraceId";
  static final String SPAN_ID = "X-B3-SpanId";
  static final String PARENT_SPAN_ID = "X-B3-ParentSpanId";
  static final String SAMPLED = "X-B3-Sampled";
  static final String FLAGS = "X-B3-Flags";

  private static final String TRACE_ID_LC = "x-b3-traceid";
  private static final String SPAN_ID_LC = "x-b3-spanid";
  private static final String PARENT_SPAN_ID_LC = "x-b3-parentspanid";
  private static final String SAMPLED_LC = "x-b3-sampled";
  private static final String FLAGS_LC = "x-b3-flags";

  /** The longest valid {@code b3} value: 32 + 1 + 16 + 1 + 1 + 1 + 16 characters. */
  private static final int MAX_SINGLE_LENGTH = 68;
  /** The longest valid multi-header field: a 128-bit trace id. */
  private static final int MAX_FIELD_LENGTH = 32;

  private static final B3Propagator SINGLE = new B3Propagator(true);
  private static final B3Propagator MULTI = new B3Propagator(false);

  private final boolean single;
  private final List<String> fields;

  private B3Propagator(boolean single) {
    this.single = single;
    this.fields =
        single
            ? Collections.singletonList(B3)
            : Collections.unmodifiableList(
                Arrays.asList(TRACE_ID, SPAN_ID, PARENT_SPAN_ID, SAMPLED, FLAGS));
  }

  /** Writes the single {@code b3} header. */
  public static B3Propagator singleHeader() {
    return SINGLE;
  }

  /** Writes the {@code X-B3-*} headers. */
  public static B3Propagator multiHeader() {
    return MULTI;
  }

  /** The header names written, as they are written (match them case-insensitively). */
  @Override
  public List<String> fields() {
    return fields;
  }

  @Override
  public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
    if (context == null || carrier == null || setter == null) return;
    long high = context.traceIdHigh();
    long low = context.traceIdLow();
    long spanId = context.spanId();
    if ((high == 0 && low == 0) || spanId == 0) return;
    int flags = context.flags();
    long parent = context.parentSpanId();
    if (single) {
      injectSingle(high, low, spanId, parent, flags, carrier, setter);
    } else {
      injectMulti(high, low, spanId, parent, flags, carrier, setter);
    }
  }

  private static <C> void injectSingle(
      long high, long low, long spanId, long parent, int flags, C carrier, Setter<C> setter) {
    char state = samplingState(flags);
    int traceLength = high == 0 ? 16 : 32;
    int length = traceLength + 17;
    if (state != 0) length += parent != 0 ? 19 : 2;
    byte[] out = Hex.scratch(); // this thread's buffer, copied once into the String
    int i = writeTraceId(high, low, out, 0);
    out[i++] = '-';
    Hex.write(spanId, out, i);
    i += 16;
    if (state != 0) {
      out[i++] = '-';
      out[i++] = (byte) state;
      if (parent != 0) {
        out[i++] = '-';
        Hex.write(parent, out, i);
      }
    }
    setter.set(carrier, B3, Hex.ascii(out, length));
  }

  private static <C> void injectMulti(
      long high, long low, long spanId, long parent, int flags, C carrier, Setter<C> setter) {
    String traceId = high == 0 ? Hex.spanId(low) : Hex.traceId(high, low);
    setter.set(carrier, TRACE_ID, traceId);
    setter.set(carrier, SPAN_ID, Hex.spanId(spanId));
    if (parent != 0) setter.set(carrier, PARENT_SPAN_ID, Hex.spanId(parent));
    char state = samplingState(flags);
    if (state == 'd') {
      setter.set(carrier, FLAGS, "1");
    } else if (state != 0) {
      setter.set(carrier, SAMPLED, state == '1' ? "1" : "0");
    }
  }

  /** {@code d}, {@code 1}, {@code 0}, or 0 for a deferred decision. */
  private static char samplingState(int flags) {
    if ((flags & TraceFlags.DEBUG) != 0) return 'd';
    if ((flags & TraceFlags.SAMPLED) != 0) return '1';
    if ((flags & TraceFlags.DEFERRED) != 0) return 0;
    return '0';
  }

  private static int writeTraceId(long high, long low, byte[] out, int i) {
    if (high != 0) {
      Hex.write(high, out, i);
      i += 16;
    }
    Hex.write(low, out, i);
    return i + 16;
  }

  @Override
  public HeaderReader newReader() {
    return new Reader();
  }

  @Override
  public String toString() {
    return single ? "B3Propagator{single}" : "B3Propagator{multi}";
  }

  /**
   * Parses a {@code b3} value.
   *
   * @return the context (sampling-only for {@code 0}), or {@code null}
   */
  static ExtractedContext parseSingle(String value) {
    if (Chars.tooLong(value, MAX_SINGLE_LENGTH)) return null;
    int from = Chars.skipOws(value, 0, value.length());
    int to = Chars.trimOwsEnd(value, from, value.length());
    int length = to - from;
    if (length == 1) {
      return value.charAt(from) == '0' ? ExtractedContext.samplingOnly(0) : null;
    }
    if (length < 33 || length > MAX_SINGLE_LENGTH) return null;
    int dash = value.indexOf('-', from);
    int traceLength = dash - from;
    if (traceLength != 16 && traceLength != 32) return null;
    int spanFrom = dash + 1;
    int spanTo = spanFrom + 16;
    if (spanTo > to) return null;
    int flags;
    long parent1 = 0;
    long parent2 = 0;
    if (spanTo == to) {
      flags = TraceFlags.DEFERRED;
    } else {
      if (value.charAt(spanTo) != '-' || spanTo + 2 > to) return null;
      flags = stateFlags(value.charAt(spanTo + 1));
      if (flags < 0) return null;
      int next = spanTo + 2;
      if (next != to) {
        if (value.charAt(next) != '-' || next + 17 != to) return null;
        parent1 = Hex.parseLowerHex8(value, next + 1);
        parent2 = Hex.parseLowerHex8(value, next + 9);
      }
    }
    // Ids checked and read 8 digits at a time; a negative part is not lower-case hex.
    long high1 = traceLength == 32 ? Hex.parseLowerHex8(value, from) : 0;
    long high2 = traceLength == 32 ? Hex.parseLowerHex8(value, from + 8) : 0;
    long low1 = Hex.parseLowerHex8(value, dash - 16);
    long low2 = Hex.parseLowerHex8(value, dash - 8);
    long span1 = Hex.parseLowerHex8(value, spanFrom);
    long span2 = Hex.parseLowerHex8(value, spanFrom + 8);
    if ((high1 | high2 | low1 | low2 | span1 | span2 | parent1 | parent2) < 0) return null;
    long high = high1 << 32 | high2;
    long low = low1 << 32 | low2;
    long spanId = span1 << 32 | span2;
    long parent = parent1 << 32 | parent2;
    return ExtractedContext.create(high, low, spanId, parent, flags, null, null);
  }

  private static int stateFlags(char c) {
    switch (c) {
      case '1':
        return TraceFlags.SAMPLED;
      case '0':
        return 0;
      case 'd':
        return TraceFlags.DEBUG | TraceFlags.SAMPLED;
      default:
        return -1;
    }
  }

  /** Parses the multi headers; {@code null} values are absent headers. */
  static ExtractedContext parseMulti(
      String traceId, String spanId, String parentSpanId, String sampled, String debug) {
    boolean isDebug = debug != null && "1".equals(trimmed(debug));
    int flags;
    if (isDebug) {
      flags = TraceFlags.DEBUG | TraceFlags.SAMPLED;
    } else {
      flags = sampledFlags(sampled);
    }
    if (traceId == null || spanId == null) {
      // No ids: only a deny decision means something (see the class documentation).
      return !isDebug && flags == 0 && sampled != null ? ExtractedContext.samplingOnly(0) : null;
    }
    String t = trimmed(traceId);
    String s = trimmed(spanId);
    int tl = t.length();
    if ((tl != 16 && tl != 32) || s.length() != 16) return null;
    long parent1 = 0;
    long parent2 = 0;
    if (parentSpanId != null) {
      String p = trimmed(parentSpanId);
      if (p.length() != 16) return null;
      parent1 = Hex.parseLowerHex8(p, 0);
      parent2 = Hex.parseLowerHex8(p, 8);
    }
    // Ids checked and read 8 digits at a time; a negative part is not lower-case hex.
    long high1 = tl == 32 ? Hex.parseLowerHex8(t, 0) : 0;
    long high2 = tl == 32 ? Hex.parseLowerHex8(t, 8) : 0;
    long low1 = Hex.parseLowerHex8(t, tl - 16);
    long low2 = Hex.parseLowerHex8(t, tl - 8);
    long span1 = Hex.parseLowerHex8(s, 0);
    long span2 = Hex.parseLowerHex8(s, 8);
    if ((high1 | high2 | low1 | low2 | span1 | span2 | parent1 | parent2) < 0) return null;
    return ExtractedContext.create(
        high1 << 32 | high2,
        low1 << 32 | low2,
        span1 << 32 | span2,
        parent1 << 32 | parent2,
        flags,
        null,
        null);
  }

  /** {@code X-B3-Sampled}: 1/true, 0/false; absent or anything else defers the decision. */
  private static int sampledFlags(String sampled) {
    if (sampled == null) return TraceFlags.DEFERRED;
    String v = trimmed(sampled);
    if (v.equals("1") || v.equalsIgnoreCase("true")) return TraceFlags.SAMPLED;
    if (v.equals("0") || v.equalsIgnoreCase("false")) return 0;
    return TraceFlags.DEFERRED;
  }

  /** {@code s} without surrounding whitespace; empty (invalid) when too long to be any field. */
  private static String trimmed(String s) {
    if (Chars.tooLong(s, MAX_FIELD_LENGTH)) return "";
    int from = Chars.skipOws(s, 0, s.length());
    return Chars.slice(s, from, Chars.trimOwsEnd(s, from, s.length()));
  }

  /** Collects the B3 headers; a repeated header with a different value marks it conflicting. */
  static final class Reader extends HeaderReader {
    private static final int B3_I = 0;
    private static final int TRACE_I = 1;
    private static final int SPAN_I = 2;
    private static final int PARENT_I = 3;
    private static final int SAMPLED_I = 4;
    private static final int FLAGS_I = 5;

    // Six fields rather than an array: one object per extraction.
    private String b3;
    private String traceId;
    private String spanId;
    private String parentSpanId;
    private String sampled;
    private String flags;
    private int conflicts; // bit i: header i came twice with different values

    @Override
    void accept(String key, String value) {
      if (value == null) return;
      switch (key.length()) {
        case 2:
          if (is(key, B3)) b3 = put(B3_I, b3, value);
          break;
        case 10:
          if (is(key, FLAGS, FLAGS_LC)) flags = put(FLAGS_I, flags, value);
          break;
        case 11:
          if (is(key, SPAN_ID, SPAN_ID_LC)) spanId = put(SPAN_I, spanId, value);
          break;
        case 12:
          if (is(key, TRACE_ID, TRACE_ID_LC)) {
            traceId = put(TRACE_I, traceId, value);
          } else if (is(key, SAMPLED, SAMPLED_LC)) {
            sampled = put(SAMPLED_I, sampled, value);
          }
          break;
        case 17:
          if (is(key, PARENT_SPAN_ID, PARENT_SPAN_ID_LC)) {
            parentSpanId = put(PARENT_I, parentSpanId, value);
          }
          break;
        default:
          break;
      }
    }

    private String put(int index, String old, String value) {
      if (old != null && !old.equals(value)) conflicts |= 1 << index;
      return old != null ? old : value;
    }

    @Override
    ExtractedContext context() {
      if (b3 != null && (conflicts & (1 << B3_I)) == 0) {
        ExtractedContext ctx = parseSingle(b3);
        if (ctx != null) return ctx;
      }
      if ((conflicts & ~(1 << B3_I)) != 0) return null;
      return parseMulti(traceId, spanId, parentSpanId, sampled, flags);
    }
  }
}
