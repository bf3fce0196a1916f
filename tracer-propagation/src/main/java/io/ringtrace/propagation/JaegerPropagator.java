/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import io.ringtrace.propagation.internal.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Jaeger client's format: {@code uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}}
 * and one {@code uberctx-{key}} header per baggage item.
 *
 * <p>Reading accepts what Jaeger clients write:
 *
 * <ul>
 *   <li>ids in hex of either case, with or without leading zeros: a trace id of 1 to 32 digits
 *       (more than 16 is a 128-bit id), span and parent ids of 1 to 16; a zero trace or span id
 *       is invalid, a parent of {@code 0} means none;
 *   <li>flags of 1 or 2 hex digits: bit 0 sampled, bit 1 debug ({@link TraceFlags#DEBUG}), the
 *       others ignored;
 *   <li>the URL-encoded form the Jaeger client writes into HTTP headers ({@code %3A} for the
 *       colons);
 *   <li>{@code uberctx-} keys are lower-cased (HTTP header names carry no case; a name that is
 *       not an HTTP token is ignored), values are
 *       URL-decoded ({@code +} is a space), under the same limits as {@link W3CBaggagePropagator}
 *       ({@value W3CBaggagePropagator#DEFAULT_MAX_MEMBERS} items, {@value
 *       W3CBaggagePropagator#DEFAULT_MAX_BYTES} bytes), whole items dropped beyond them;
 *   <li>{@code jaeger-debug-id} (at most {@value #MAX_DEBUG_ID_LENGTH} characters, URL-decoded)
 *       has, as in the Jaeger client, no effect when {@code uber-trace-id} is valid. Without a valid
 *       {@code uber-trace-id}, the debug id and the {@code uberctx-} items make a {@linkplain
 *       ExtractedContext#isBaggageOnly() baggage-only} context: the span started from it is the
 *       root of a new trace that holds the items and, with a debug id, is sampled and records the
 *       id as its {@code jaeger-debug-id} tag.
 * </ul>
 *
 * <p>Writing: fixed-width lower-case hex ids (16 or 32 characters for the trace id), {@code 0}
 * for no parent, flags {@code 0}-{@code 3}; the value is written unencoded (colons are valid in
 * HTTP headers, and Jaeger's plain text-map reader does not decode). Baggage values are
 * percent-encoded (all but letters, digits and {@code -._*}); an item whose key is not an HTTP
 * token cannot become a header name and is dropped.
 */
public final class JaegerPropagator implements HeaderCodec {

  static final String UBER_TRACE_ID = "uber-trace-id";
  static final String BAGGAGE_PREFIX = "uberctx-";
  static final String DEBUG_ID = "jaeger-debug-id";

  private static final int JAEGER_DEBUG = 0x02;
  /** The longest {@code jaeger-debug-id} kept (it becomes a tag value). */
  private static final int MAX_DEBUG_ID_LENGTH = 256;
  /** The longest valid encoded value: 32 + 16 + 16 + 2 digits and three {@code %3A}. */
  private static final int MAX_VALUE_LENGTH = 32 + 16 + 16 + 2 + 3 * 3;
  // Letters, digits and -._* pass through, like java.net.URLEncoder (which writes + for a space;
  // we write %20, which every decoder reads).
  private static final long[] VALUE_PASS_THROUGH =
      Percent.mask("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._*");

  private static final List<String> FIELDS = Collections.singletonList(UBER_TRACE_ID);
  private static final JaegerPropagator INSTANCE = new JaegerPropagator();

  /** The shared instance. */
  public static JaegerPropagator getInstance() {
    return INSTANCE;
  }

  private JaegerPropagator() {}

  /** {@code uber-trace-id}; baggage goes into further {@code uberctx-} headers. */
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
    long parent = context.parentSpanId();
    byte[] out = Hex.scratch(); // this thread's buffer, copied once into the String
    int i = 0;
    if (high != 0) {
      Hex.write(high, out, 0);
      i = 16;
    }
    Hex.write(low, out, i);
    i += 16;
    out[i++] = ':';
    Hex.write(spanId, out, i);
    i += 16;
    out[i++] = ':';
    if (parent == 0) {
      out[i++] = '0';
    } else {
      Hex.write(parent, out, i);
      i += 16;
    }
    out[i++] = ':';
    int flags = context.flags();
    int jaegerFlags =
        (flags & TraceFlags.SAMPLED) | ((flags & TraceFlags.DEBUG) != 0 ? JAEGER_DEBUG : 0);
    out[i++] = (byte) ('0' + jaegerFlags);
    setter.set(carrier, UBER_TRACE_ID, Hex.ascii(out, i));
    injectBaggage(context.baggage(), carrier, setter);
  }

  private static <C> void injectBaggage(Map<String, String> baggage, C carrier, Setter<C> setter) {
    if (baggage == null || baggage.isEmpty()) return;
    int members = 0;
    int bytes = 0;
    for (Map.Entry<String, String> e : baggage.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (!Chars.isToken(key) || value == null) continue;
      if (members >= W3CBaggagePropagator.DEFAULT_MAX_MEMBERS) break;
      int size = key.length() + 1 + Percent.encodedLength(value, VALUE_PASS_THROUGH);
      if (bytes + (members > 0 ? 1 : 0) + size > W3CBaggagePropagator.DEFAULT_MAX_BYTES) continue;
      String encoded = value;
      if (Percent.needsEncoding(value, VALUE_PASS_THROUGH)) {
        StringBuilder sb = new StringBuilder(size);
        Percent.encode(value, VALUE_PASS_THROUGH, sb);
        encoded = sb.toString();
      }
      setter.set(carrier, BAGGAGE_PREFIX + key, encoded);
      bytes += (members > 0 ? 1 : 0) + size;
      members++;
    }
  }

  @Override
  public HeaderReader newReader() {
    return new Reader();
  }

  @Override
  public String toString() {
    return "JaegerPropagator";
  }

  /** Parses an {@code uber-trace-id} value, plain or URL-encoded; {@code null} when invalid. */
  static ExtractedContext parse(String value, Map<String, String> baggage) {
    if (Chars.tooLong(value, MAX_VALUE_LENGTH)) return null;
    int from = Chars.skipOws(value, 0, value.length());
    int to = Chars.trimOwsEnd(value, from, value.length());
    if (to - from > MAX_VALUE_LENGTH) return null;
    String v = value;
    if (value.indexOf('%', from) >= 0) {
      // Only the colons are ever encoded (the rest is hex); anything else is invalid anyway.
      v = Percent.decode(value, from, to, false);
      from = 0;
      to = v.length();
    }
    int c1 = v.indexOf(':', from);
    if (c1 < 0 || c1 >= to) return null;
    int c2 = v.indexOf(':', c1 + 1);
    if (c2 < 0 || c2 >= to) return null;
    int c3 = v.indexOf(':', c2 + 1);
    if (c3 < 0 || c3 >= to) return null; // a fourth colon fails the hex check of the flags
    if (!fits(from, c1, 32)
        || !fits(c1 + 1, c2, 16)
        || !fits(c2 + 1, c3, 16)
        || !fits(c3 + 1, to, 2)) {
      return null;
    }
    // One copy of the value as bytes (a Latin-1 String holds exactly those; any other character
    // becomes '?', no hex digit; a surrogate pair becomes one '?' and shortens the copy), so
    // that each field is checked and read in halves of at most 8 digits, 8 at a time.
    byte[] b = Chars.slice(v, from, to).getBytes(StandardCharsets.ISO_8859_1);
    if (b.length != to - from) return null;
    int f1 = c1 - from;
    int f2 = c2 - from;
    int f3 = c3 - from;
    int highTo = Math.max(0, f1 - 16);
    long high1 = upperHalf(b, 0, highTo);
    long high2 = lowerHalf(b, 0, highTo);
    long low1 = upperHalf(b, highTo, f1);
    long low2 = lowerHalf(b, highTo, f1);
    long span1 = upperHalf(b, f1 + 1, f2);
    long span2 = lowerHalf(b, f1 + 1, f2);
    long parent1 = upperHalf(b, f2 + 1, f3);
    long parent2 = lowerHalf(b, f2 + 1, f3);
    long flagDigits = Hex.parseHex8(b, f3 + 1, b.length);
    if ((high1 | high2 | low1 | low2 | span1 | span2 | parent1 | parent2 | flagDigits) < 0) {
      return null;
    }
    long high = high1 << 32 | high2;
    long low = low1 << 32 | low2;
    long spanId = span1 << 32 | span2;
    long parent = parent1 << 32 | parent2;
    int jaegerFlags = (int) flagDigits;
    int flags =
        (jaegerFlags & TraceFlags.SAMPLED) | ((jaegerFlags & JAEGER_DEBUG) != 0 ? TraceFlags.DEBUG : 0);
    return ExtractedContext.create(high, low, spanId, parent, flags, null, baggage);
  }

  private static boolean fits(int from, int to, int maxLength) {
    int length = to - from;
    return length >= 1 && length <= maxLength;
  }

  /** Of at most 16 hex digits in {@code [from, to)}: the value of all but the last 8, or -1. */
  private static long upperHalf(byte[] s, int from, int to) {
    return Hex.parseHex8(s, from, Math.max(from, to - 8));
  }

  /** Of at most 16 hex digits in {@code [from, to)}: the value of the last 8 (or fewer), or -1. */
  private static long lowerHalf(byte[] s, int from, int to) {
    return Hex.parseHex8(s, Math.max(from, to - 8), to);
  }

  /** Collects {@code uber-trace-id}, {@code jaeger-debug-id} and the {@code uberctx-} items. */
  static final class Reader extends HeaderReader {
    private String traceId;
    private boolean conflict;
    private BaggageCollector baggage;
    private String debugId;
    private boolean done;
    private ExtractedContext context;

    @Override
    void accept(String key, String value) {
      if (value == null) return;
      int length = key.length();
      if (length == 13 && is(key, UBER_TRACE_ID)) {
        if (traceId != null && !traceId.equals(value)) conflict = true;
        if (traceId == null) traceId = value;
      } else if (length > 8 && startsWith(key, BAGGAGE_PREFIX)) {
        if (baggage == null) {
          baggage =
              new BaggageCollector(
                  W3CBaggagePropagator.DEFAULT_MAX_MEMBERS,
                  W3CBaggagePropagator.DEFAULT_MAX_BYTES,
                  VALUE_PASS_THROUGH);
        }
        // Too long to fit whatever it decodes to: dropped unread. Otherwise name and value come
        // out of one read budget for all items, so that many headers cost no more than one.
        if (baggage.cannotFit(length) || baggage.cannotFit(value.length())) return;
        if (baggage.takeReadBudget(length + value.length()) < length + value.length()) return;
        // A name that is no HTTP token is no header, and could not be sent on again.
        if (!Chars.isToken(key, BAGGAGE_PREFIX.length(), length)) return;
        String item = key.substring(BAGGAGE_PREFIX.length()).toLowerCase(Locale.ROOT);
        baggage.add(item, Percent.decode(value, 0, value.length(), true), null);
      } else if (length == 15 && debugId == null && is(key, DEBUG_ID)) {
        debugId = debugId(value);
      }
    }

    /** {@code jaeger-debug-id}, trimmed and URL-decoded; {@code null} when empty or too long. */
    private static String debugId(String value) {
      if (Chars.tooLong(value, MAX_DEBUG_ID_LENGTH)) return null;
      int from = Chars.skipOws(value, 0, value.length());
      int to = Chars.trimOwsEnd(value, from, value.length());
      if (from == to || to - from > MAX_DEBUG_ID_LENGTH) return null;
      return Percent.decode(value, from, to, true);
    }

    @Override
    ExtractedContext context() {
      if (!done) {
        done = true;
        Map<String, String> items = baggage == null ? null : baggage.build();
        if (traceId != null && !conflict) context = parse(traceId, items);
        // No valid trace: the baggage and the debug id are kept, as the Jaeger client keeps them.
        if (context == null && (items != null || debugId != null)) {
          context = ExtractedContext.baggageOnly(items, debugId);
        }
      }
      return context;
    }

    /** The items of a carrier without a valid trace, which the other formats' trace may hold. */
    @Override
    Map<String, String> baggage() {
      ExtractedContext ctx = context();
      return ctx != null && ctx.isBaggageOnly() && !ctx.baggage().isEmpty() ? ctx.baggage() : null;
    }
  }
}
