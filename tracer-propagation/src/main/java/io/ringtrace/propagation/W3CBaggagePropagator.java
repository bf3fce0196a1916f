/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * W3C Baggage: the {@code baggage} header, mapped to OpenTracing baggage items.
 *
 * <p>The header is a list of {@code key=value;property;property=value} members (W3C Baggage,
 * section 3.2): keys are RFC 7230 tokens, values are percent-encoded UTF-8 of the characters
 * {@code baggage-octet} allows, optional whitespace around every part is dropped.
 *
 * <ul>
 *   <li>Extraction skips a malformed member (bad key, a character a value may not hold, a
 *       malformed property) and keeps the valid ones; several {@code baggage} headers are read as
 *       one list; a repeated key takes the last value.
 *   <li>Values are percent-decoded as UTF-8 (a {@code %} without two hex digits stays as it is,
 *       invalid UTF-8 becomes U+FFFD); on injection every character outside {@code
 *       baggage-octet}, and {@code %} and {@code +}, is percent-encoded, so no header value ever
 *       holds a control character, whitespace, comma or non-ASCII character.
 *   <li>Properties are kept with their item and written back as long as the extracted baggage
 *       is handed on unchanged (the tracer passes a parent's baggage to its children as it is);
 *       once a span sets a baggage item, its baggage is a plain map again and carries none.
 *   <li>Limits: at most {@link Builder#maxMembers} members and {@link Builder#maxBytes} bytes of
 *       header (by default {@value #DEFAULT_MAX_MEMBERS} and {@value #DEFAULT_MAX_BYTES}, the
 *       minimum the specification requires every platform to propagate). Beyond them, whole
 *       members are dropped, in both directions; a member is never cut. A key that is not a
 *       token cannot be written and is dropped on injection.
 * </ul>
 *
 * <p>Baggage carries no trace context. Alone, {@link #extract} answers a {@linkplain
 * ExtractedContext#isBaggageOnly() baggage-only} context: a span started from it begins a new trace
 * that holds the items. In a {@link Propagators#composite composite} with a trace-context format
 * (as {@link Propagators#defaults()}), the items join the trace the carrier holds, and make a
 * baggage-only context when it holds none. {@link #extractBaggage} reads the items alone.
 *
 * <p>Hostile headers cost nothing: extraction reads at most {@value
 * BaggageCollector#READ_FACTOR} times {@link Builder#maxBytes} characters of all {@code baggage}
 * headers together (32 KiB by default; a member that does not end within them is dropped), and
 * every scan stops at the end of its member, so each character is read a few times at most.
 */
public final class W3CBaggagePropagator implements HeaderCodec {

  /** Default for {@link Builder#maxMembers}: the W3C minimum. */
  public static final int DEFAULT_MAX_MEMBERS = 64;

  /** Default for {@link Builder#maxBytes}: the W3C minimum. */
  public static final int DEFAULT_MAX_BYTES = 8192;

  static final String BAGGAGE = "baggage";

  private static final List<String> FIELDS = Collections.singletonList(BAGGAGE);

  // baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
  private static final long[] BAGGAGE_OCTET = Percent.rangeMask(0x21, 0x7e, "\",;\\");
  // What we write unencoded: baggage-octet without "%" (which must be encoded) and without "+"
  // (which form decoders read as a space).
  static final long[] VALUE_PASS_THROUGH = Percent.rangeMask(0x21, 0x7e, "\",;\\%+");

  private static final W3CBaggagePropagator INSTANCE =
      new W3CBaggagePropagator(DEFAULT_MAX_MEMBERS, DEFAULT_MAX_BYTES);

  private final int maxMembers;
  private final int maxBytes;

  private W3CBaggagePropagator(int maxMembers, int maxBytes) {
    this.maxMembers = maxMembers;
    this.maxBytes = maxBytes;
  }

  /** The shared instance, with the default limits. */
  public static W3CBaggagePropagator getInstance() {
    return INSTANCE;
  }

  /** A builder for other limits. */
  public static Builder builder() {
    return new Builder();
  }

  /** The most list-members read or written. */
  public int maxMembers() {
    return maxMembers;
  }

  /** The most bytes of header read or written. */
  public int maxBytes() {
    return maxBytes;
  }

  @Override
  public List<String> fields() {
    return FIELDS;
  }

  @Override
  public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
    if (context == null || carrier == null || setter == null) return;
    Map<String, String> baggage = context.baggage();
    if (baggage == null || baggage.isEmpty()) return;
    String header = encode(baggage, maxMembers, maxBytes);
    if (header != null) setter.set(carrier, BAGGAGE, header);
  }

  /** The {@code baggage} header for {@code baggage}, or {@code null} when no item can be sent. */
  static String encode(Map<String, String> baggage, int maxMembers, int maxBytes) {
    StringBuilder out = null;
    int members = 0;
    for (Map.Entry<String, String> e : baggage.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (!Chars.isToken(key) || value == null) continue;
      String props = BaggageItems.propertiesOf(baggage, key);
      int size = key.length() + 1 + Percent.encodedLength(value, VALUE_PASS_THROUGH);
      if (props != null) size += props.length();
      int length = out == null ? 0 : out.length();
      if (members >= maxMembers) break;
      if (length + (members > 0 ? 1 : 0) + size > maxBytes) continue; // drop the whole member
      if (out == null) out = new StringBuilder(Math.min(maxBytes, 64 + size));
      if (members > 0) out.append(',');
      out.append(key).append('=');
      Percent.encode(value, VALUE_PASS_THROUGH, out);
      if (props != null) out.append(props);
      members++;
    }
    return out == null ? null : out.toString();
  }

  /**
   * A {@linkplain ExtractedContext#isBaggageOnly() baggage-only} context of the carrier's items, or
   * {@code null} when it has none (see the class documentation).
   */
  @Override
  public ExtractedContext extract(Iterable<? extends Map.Entry<String, String>> carrier) {
    Map<String, String> baggage = extractBaggage(carrier);
    return baggage.isEmpty() ? null : ExtractedContext.baggageOnly(baggage, null);
  }

  /**
   * The baggage items of the carrier's {@code baggage} headers.
   *
   * @return an unmodifiable map, empty when there are none
   */
  public Map<String, String> extractBaggage(Iterable<? extends Map.Entry<String, String>> carrier) {
    if (carrier == null) return Collections.emptyMap();
    HeaderReader reader = newReader();
    HeaderReader.readAll(carrier, reader);
    Map<String, String> baggage = reader.baggage();
    return baggage == null ? Collections.emptyMap() : baggage;
  }

  @Override
  public HeaderReader newReader() {
    return new Reader(new BaggageCollector(maxMembers, maxBytes, VALUE_PASS_THROUGH));
  }

  @Override
  public String toString() {
    return "W3CBaggagePropagator{maxMembers=" + maxMembers + ", maxBytes=" + maxBytes + '}';
  }

  /**
   * Parses one {@code baggage} header value into {@code out}, reading no more of it than the
   * collector's {@linkplain BaggageCollector#takeReadBudget read budget} allows: a member that does
   * not end within the budget is dropped, and nothing after it is read. Every scan stops at the end
   * of the member it is in, so each character is read a small, fixed number of times.
   */
  static void parse(CharSequence header, BaggageCollector out) {
    int len = header.length();
    int end = out.takeReadBudget(len);
    // A member is complete when a comma ends it within the budget, or the header does.
    boolean lastComplete = end == len || header.charAt(end) == ',';
    for (int i = 0; i <= end; ) {
      int comma = Chars.indexOf(header, ',', i, end);
      if (comma == end && !lastComplete) return;
      parseMember(header, i, comma, out);
      i = comma + 1;
    }
  }

  private static void parseMember(CharSequence s, int from, int to, BaggageCollector out) {
    from = Chars.skipOws(s, from, to);
    to = Chars.trimOwsEnd(s, from, to);
    if (from == to) return; // empty member: nothing to keep
    int kvEnd = Chars.indexOf(s, ';', from, to);
    int eq = Chars.indexOf(s, '=', from, kvEnd);
    if (eq == kvEnd) return; // no value
    int keyEnd = Chars.trimOwsEnd(s, from, eq);
    if (!Chars.isToken(s, from, keyEnd)) return;
    int vs = Chars.skipOws(s, eq + 1, kvEnd);
    int ve = Chars.trimOwsEnd(s, vs, kvEnd);
    if (!isValue(s, vs, ve)) return;
    if (out.cannotFit(ve - vs)) return; // not worth decoding
    String props = null;
    if (kvEnd < to) {
      props = parseProperties(s, kvEnd, to);
      if (props == null) return;
    }
    out.add(Chars.slice(s, from, keyEnd), Percent.decode(s, vs, ve, false), props);
  }

  /**
   * Validates {@code [from, to)}, which starts with {@code ;}, as properties.
   *
   * @return the properties without whitespace, e.g. {@code ;p1;p2=v}; {@code null} if malformed
   */
  private static String parseProperties(CharSequence s, int from, int to) {
    boolean normal = true;
    for (int i = from; i < to; ) {
      int next = Chars.indexOf(s, ';', i + 1, to);
      int ps = Chars.skipOws(s, i + 1, next);
      int pe = Chars.trimOwsEnd(s, ps, next);
      if (ps != i + 1 || pe != next) normal = false;
      int eq = Chars.indexOf(s, '=', ps, pe);
      if (eq == pe) {
        if (!Chars.isToken(s, ps, pe)) return null;
      } else {
        int ke = Chars.trimOwsEnd(s, ps, eq);
        int vs = Chars.skipOws(s, eq + 1, pe);
        if (ke != eq || vs != eq + 1) normal = false;
        if (!Chars.isToken(s, ps, ke) || !isValue(s, vs, pe)) return null;
      }
      i = next;
    }
    if (normal) return Chars.slice(s, from, to);
    StringBuilder out = new StringBuilder(to - from);
    for (int i = from; i < to; ) {
      int next = Chars.indexOf(s, ';', i + 1, to);
      int ps = Chars.skipOws(s, i + 1, next);
      int pe = Chars.trimOwsEnd(s, ps, next);
      int eq = Chars.indexOf(s, '=', ps, pe);
      out.append(';');
      if (eq == pe) {
        out.append(s, ps, pe);
      } else {
        out.append(s, ps, Chars.trimOwsEnd(s, ps, eq))
            .append('=')
            .append(s, Chars.skipOws(s, eq + 1, pe), pe);
      }
      i = next;
    }
    return out.toString();
  }

  /** {@code *baggage-octet}: may be empty. */
  private static boolean isValue(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Percent.passes(BAGGAGE_OCTET, s.charAt(i))) return false;
    }
    return true;
  }

  /** Reads every {@code baggage} header into one collector. */
  static final class Reader extends HeaderReader {
    private final BaggageCollector collector;

    Reader(BaggageCollector collector) {
      this.collector = collector;
    }

    @Override
    void accept(String key, String value) {
      if (value != null && key.length() == 7 && is(key, BAGGAGE)) parse(value, collector);
    }

    @Override
    ExtractedContext context() {
      return null;
    }

    @Override
    Map<String, String> baggage() {
      return collector.build();
    }
  }

  /** Configures a {@link W3CBaggagePropagator}. */
  public static final class Builder {
    private int maxMembers = DEFAULT_MAX_MEMBERS;
    private int maxBytes = DEFAULT_MAX_BYTES;

    Builder() {}

    /**
     * The most list-members read from or written to a carrier; default {@value
     * #DEFAULT_MAX_MEMBERS}. Below that, the propagator no longer meets the W3C minimum.
     */
    public Builder maxMembers(int maxMembers) {
      if (maxMembers < 1) {
        throw new IllegalArgumentException("maxMembers must be >= 1, was " + maxMembers);
      }
      this.maxMembers = maxMembers;
      return this;
    }

    /**
     * The most bytes of {@code baggage} header read from or written to a carrier; default {@value
     * #DEFAULT_MAX_BYTES}. Below that, the propagator no longer meets the W3C minimum.
     */
    public Builder maxBytes(int maxBytes) {
      if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be >= 1, was " + maxBytes);
      this.maxBytes = maxBytes;
      return this;
    }

    public W3CBaggagePropagator build() {
      if (maxMembers == DEFAULT_MAX_MEMBERS && maxBytes == DEFAULT_MAX_BYTES) return INSTANCE;
      return new W3CBaggagePropagator(maxMembers, maxBytes);
    }
  }
}
