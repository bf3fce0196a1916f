/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import io.ringtrace.propagation.internal.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * W3C Trace Context: the {@code traceparent} and {@code tracestate} headers, as Level 2 (the
 * current text, which Level 1 receivers accept) writes them.
 *
 * <p>{@code traceparent} is {@code version-traceid-parentid-flags}, e.g. {@code
 * 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03}. Reading follows section 3.2:
 *
 * <ul>
 *   <li>lower-case hex only, exact field lengths and dashes, all-zero trace or parent id invalid;
 *   <li>version {@code ff} is invalid; version {@code 00} is exactly 55 characters; a higher
 *       version may be longer when character 55 is a dash, and only its trace id, parent id and
 *       flags are read;
 *   <li>of the flags, the two that Level 2 defines are kept: sampled ({@code 0x01}) and random
 *       ({@code 0x02}, {@link TraceFlags#RANDOM}); the others are dropped, as the Recommendation
 *       asks of flags a vendor does not know;
 *   <li>spaces and tabs around the value are ignored; a value longer than {@value
 *       #MAX_TRACEPARENT_LENGTH} characters is refused unread; more than one {@code traceparent}
 *       header is invalid (combined, they would not parse);
 *   <li>when {@code traceparent} is invalid, {@code tracestate} is not read.
 * </ul>
 *
 * <p>Several {@code tracestate} headers are combined in order, then validated and normalised by
 * {@link TraceState#parse}. Writing always uses version {@code 00}, the context's span id as
 * {@code parent-id} (so every hop sends a new one) and the sampled and random flags of the
 * context: random is set on traces this tracer started and passed on unchanged on traces it
 * continues; no other bit is ever written.
 */
public final class W3CTraceContextPropagator implements HeaderCodec {

  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";

  /**
   * Longer {@code traceparent} values (of some future version, whitespace included) are refused
   * unread.
   */
  public static final int MAX_TRACEPARENT_LENGTH = 512;

  private static final int VERSION_00_LENGTH = 55;
  private static final List<String> FIELDS =
      Collections.unmodifiableList(Arrays.asList(TRACEPARENT, TRACESTATE));
  private static final W3CTraceContextPropagator INSTANCE = new W3CTraceContextPropagator();

  /** The shared instance. */
  public static W3CTraceContextPropagator getInstance() {
    return INSTANCE;
  }

  private W3CTraceContextPropagator() {}

  @Override
  public List<String> fields() {
    return FIELDS;
  }

  @Override
  public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
    if (context == null || carrier == null || setter == null) return;
    long high = context.traceIdHigh();
    long low = context.traceIdLow();
    long spanId = context.spanId();
    if ((high == 0 && low == 0) || spanId == 0) return;
    // Built in this thread's scratch buffer, then copied once into the String (ASCII bytes are
    // what a Latin-1 String stores).
    byte[] out = Hex.scratch();
    out[0] = '0';
    out[1] = '0';
    out[2] = '-';
    Hex.write(high, out, 3);
    Hex.write(low, out, 19);
    out[35] = '-';
    Hex.write(spanId, out, 36);
    out[52] = '-';
    Hex.writeByte(context.flags() & TraceFlags.W3C_KNOWN, out, 53);
    setter.set(carrier, TRACEPARENT, Hex.ascii(out, VERSION_00_LENGTH));
    // Normally already normalised (then parse returns the same instance); re-checked so that no
    // invalid header value ever leaves, whatever TraceContext implementation we were given.
    String traceState = TraceState.parse(context.traceState());
    if (traceState != null) setter.set(carrier, TRACESTATE, traceState);
  }

  @Override
  public HeaderReader newReader() {
    return new Reader();
  }

  @Override
  public String toString() {
    return "W3CTraceContextPropagator";
  }

  /**
   * Parses a {@code traceparent} value, and {@code tracestate} (the combined header) when
   * {@code traceparent} is valid.
   *
   * @return the context, or {@code null} when {@code traceparent} is absent or invalid
   */
  static ExtractedContext parse(String traceparent, String tracestate) {
    if (traceparent == null || traceparent.length() > MAX_TRACEPARENT_LENGTH) return null;
    int from = Chars.skipOws(traceparent, 0, traceparent.length());
    int to = Chars.trimOwsEnd(traceparent, from, traceparent.length());
    int length = to - from;
    if (length < VERSION_00_LENGTH || length > MAX_TRACEPARENT_LENGTH) return null;
    // One copy, as bytes, of the characters read (all of version 00, the dash after it of a
    // higher one), so that the ids are checked and read 8 digits at a time. A Latin-1 String
    // holds exactly those bytes; any other character becomes '?', which no rule here accepts,
    // and a surrogate pair becomes a single '?': then the lengths differ, and it is no ASCII.
    int read = Math.min(length, VERSION_00_LENGTH + 1);
    byte[] tp = Chars.slice(traceparent, from, from + read).getBytes(StandardCharsets.ISO_8859_1);
    if (tp.length != read) return null;
    int version = Hex.parseLowerHex2(tp, 0);
    if (version < 0 || version == 0xff || tp[2] != '-') return null;
    if (version == 0 && length != VERSION_00_LENGTH) return null;
    if (length > VERSION_00_LENGTH && tp[VERSION_00_LENGTH] != '-') return null;
    if (tp[35] != '-' || tp[52] != '-') return null;
    long high1 = Hex.parseLowerHex8(tp, 3);
    long high2 = Hex.parseLowerHex8(tp, 11);
    long low1 = Hex.parseLowerHex8(tp, 19);
    long low2 = Hex.parseLowerHex8(tp, 27);
    long span1 = Hex.parseLowerHex8(tp, 36);
    long span2 = Hex.parseLowerHex8(tp, 44);
    int traceFlags = Hex.parseLowerHex2(tp, 53);
    // Branch once for all of them: a negative part is not lower-case hex.
    if ((high1 | high2 | low1 | low2 | span1 | span2 | traceFlags) < 0) return null;
    long high = high1 << 32 | high2;
    long low = low1 << 32 | low2;
    long spanId = span1 << 32 | span2;
    if ((high == 0 && low == 0) || spanId == 0) return null;
    // Only the flags Level 2 defines (sampled, random) are kept, of any version: the others are
    // to be set to zero when passed on, and are not ours to record.
    int flags = traceFlags & TraceFlags.W3C_KNOWN;
    return ExtractedContext.create(high, low, spanId, 0L, flags, TraceState.parse(tracestate), null);
  }

  /** Collects {@code traceparent} (counting repeats) and the combined {@code tracestate}. */
  static final class Reader extends HeaderReader {
    private String traceparent;
    private int traceparents;
    private String tracestate;
    private StringBuilder combined; // only when several tracestate headers arrive
    private boolean tracestateTooLong;

    @Override
    void accept(String key, String value) {
      int length = key.length();
      if (length == 11) {
        if (is(key, TRACEPARENT) && traceparents++ == 0) traceparent = value;
      } else if (length == 10 && value != null && is(key, TRACESTATE)) {
        addTracestate(value);
      }
    }

    // RFC 7230, section 3.2.2: several fields combine, in order, joined by commas.
    private void addTracestate(String value) {
      if (tracestateTooLong) return;
      if (tracestate == null) {
        tracestate = value;
        tracestateTooLong = value.length() > TraceState.MAX_HEADER_LENGTH;
        return;
      }
      if (combined == null) combined = new StringBuilder(tracestate);
      if (combined.length() + 1 + value.length() > TraceState.MAX_HEADER_LENGTH) {
        tracestateTooLong = true;
        return;
      }
      combined.append(',').append(value);
    }

    @Override
    ExtractedContext context() {
      if (traceparents != 1) return null;
      String state = null;
      if (!tracestateTooLong) state = combined != null ? combined.toString() : tracestate;
      return parse(traceparent, state);
    }
  }
}
