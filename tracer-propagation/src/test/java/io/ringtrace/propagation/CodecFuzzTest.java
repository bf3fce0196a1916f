/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Jazzer fuzz tests of every codec's extraction, and of what it injects from what it extracted.
 *
 * <p>A text input is a header block: lines {@code name:value} separated by {@code \n}, bytes read
 * as ISO-8859-1 (so every byte is one character, control characters included); a line without a
 * colon is a header whose value is {@code null}. The seeds and every finding live in {@code
 * CodecFuzzTestInputs/<method>/} under the test resources and run in the default build as
 * regression tests; {@code mvn -Pfuzz} fuzzes for real (see the module's pom).
 *
 * <p>Every target checks the same properties: extraction never throws; a context has non-zero
 * ids, only known flags, a normalised {@code tracestate} within the limit and baggage within the
 * limits; everything injected from it is a valid HTTP header (a token name, a value of visible
 * ASCII and inner spaces); and extracting that again gives the same context.
 */
class CodecFuzzTest {

  private static final int KNOWN_FLAGS =
      TraceFlags.W3C_MASK | TraceFlags.DEBUG | TraceFlags.DEFERRED;

  @FuzzTest(maxDuration = "10m")
  void traceContext(byte[] input) {
    check(Propagators.traceContext(), headers(input));
  }

  @FuzzTest(maxDuration = "10m")
  void baggage(byte[] input) {
    TestCarrier carrier = headers(input);
    W3CBaggagePropagator p = W3CBaggagePropagator.getInstance();
    Map<String, String> baggage = p.extractBaggage(carrier);
    checkBaggage(baggage);
    TestCarrier out = new TestCarrier();
    p.inject(ExtractedContext.create(1, 1, 1, 0, 1, null, baggage), out, TestCarrier.SETTER);
    checkHeaders(out);
    require(p.extractBaggage(out).equals(baggage), "baggage round trip", out);
    ExtractedContext ctx = p.extract(carrier);
    require(
        ctx == null ? baggage.isEmpty() : ctx.isBaggageOnly() && ctx.baggage().equals(baggage),
        "baggage alone is a baggage-only context",
        carrier);
  }

  @FuzzTest(maxDuration = "10m")
  void b3(byte[] input) {
    TestCarrier carrier = headers(input);
    check(Propagators.b3Single(), carrier);
    check(Propagators.b3Multi(), carrier);
  }

  @FuzzTest(maxDuration = "10m")
  void jaeger(byte[] input) {
    check(Propagators.jaeger(), headers(input));
  }

  @FuzzTest(maxDuration = "10m")
  void composite(byte[] input) {
    TestCarrier carrier = headers(input);
    Propagator all =
        Propagators.composite(
            Propagators.traceContext(),
            Propagators.baggage(),
            Propagators.b3Multi(),
            Propagators.jaeger());
    ExtractedContext ctx = all.extract(carrier);
    if (ctx == null) return;
    checkContext(ctx);
    for (TraceContext other : ctx.otherTraces()) {
      require(!ctx.sameTrace(other), "other trace of the same trace", carrier);
      checkContext((ExtractedContext) other);
    }
    TestCarrier out = new TestCarrier();
    all.inject(ctx, out, TestCarrier.SETTER);
    checkHeaders(out);
  }

  @FuzzTest(maxDuration = "10m")
  void traceState(byte[] input) {
    String header = new String(input, StandardCharsets.ISO_8859_1);
    String parsed = TraceState.parse(header);
    if (parsed == null) return;
    require(TraceState.parse(parsed) == parsed, "normalised form is stable", header);
    require(parsed.length() <= TraceState.MAX_LENGTH, "length limit", header);
    checkValue(parsed, header);
    String put = TraceState.put(parsed, "ringtrace", "x");
    require(put.startsWith("ringtrace=x"), "own entry first", header);
    require(TraceState.parse(put) == put, "put result is normalised", header);
  }

  @FuzzTest(maxDuration = "10m")
  void binary(byte[] input) {
    BinaryPropagator p = Propagators.binary();
    ByteBuffer buffer = ByteBuffer.wrap(input);
    ExtractedContext ctx = p.extract(buffer);
    if (ctx == null) {
      require(buffer.position() == 0, "failed read leaves the position", input);
      return;
    }
    checkIds(ctx, input);
    ByteBuffer out = ByteBuffer.allocate(p.encodedLength(ctx));
    require(p.inject(ctx, out), "inject of an extracted context", input);
    require(!out.hasRemaining(), "encodedLength is exact", input);
    out.flip();
    ExtractedContext again = p.extract(out);
    require(again != null && sameIds(ctx, again) && again.flags() == ctx.flags(), "round trip", input);
    require(again.parentSpanId() == 0, "the layout has no parent", input);
    require(again.baggage().equals(ctx.baggage()), "baggage round trip", input);
  }

  // ---------------------------------------------------------------------------------------------

  /** The header block of a fuzz input (see the class documentation). */
  static TestCarrier headers(byte[] input) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    TestCarrier carrier = new TestCarrier();
    int from = 0;
    while (from <= text.length()) {
      int nl = text.indexOf('\n', from);
      if (nl < 0) nl = text.length();
      String line = text.substring(from, nl);
      int colon = line.indexOf(':');
      if (colon < 0) {
        if (!line.isEmpty()) carrier.add(line, null);
      } else {
        carrier.add(line.substring(0, colon), line.substring(colon + 1));
      }
      from = nl + 1;
    }
    return carrier;
  }

  private static void check(Propagator p, TestCarrier carrier) {
    ExtractedContext ctx = p.extract(carrier);
    if (ctx == null) return;
    checkContext(ctx);
    TestCarrier out = new TestCarrier();
    p.inject(ctx, out, TestCarrier.SETTER);
    checkHeaders(out);
    if (ctx.isBaggageOnly()) return; // no trace to write, nor to read back
    ExtractedContext again = p.extract(out);
    require(again != null && sameIds(ctx, again), "round trip of the ids", carrier);
    // b3 cannot write a parent without a sampling state; every other format keeps it.
    boolean parentDropped =
        p == Propagators.b3Single() && (ctx.flags() & TraceFlags.DEFERRED) != 0;
    require(
        again.parentSpanId() == (parentDropped ? 0 : ctx.parentSpanId()),
        "round trip of the parent id",
        carrier);
    require(again.sampled() == ctx.sampled(), "round trip of the sampled flag", carrier);
    require(
        ctx.traceState() == null ? again.traceState() == null : ctx.traceState().equals(again.traceState()),
        "round trip of tracestate",
        carrier);
    require(again.baggage().equals(ctx.baggage()), "round trip of baggage", carrier);
  }

  private static void checkContext(ExtractedContext ctx) {
    if (ctx.isBaggageOnly()) {
      require((ctx.traceIdHigh() | ctx.traceIdLow() | ctx.spanId()) == 0, "no ids", ctx);
      int debug = TraceFlags.DEBUG | TraceFlags.SAMPLED;
      require(ctx.flags() == (ctx.jaegerDebugId() == null ? 0 : debug), "debug flags", ctx);
      require(ctx.traceState() == null && ctx.otherTraces().isEmpty(), "nothing but baggage", ctx);
      checkBaggage(ctx.baggage());
      return;
    }
    checkIds(ctx, ctx);
    require((ctx.flags() & ~KNOWN_FLAGS) == 0, "only known flags", ctx);
    String ts = ctx.traceState();
    if (ts != null) {
      require(TraceState.parse(ts) == ts, "tracestate is normalised", ts);
      require(ts.length() <= TraceState.MAX_LENGTH, "tracestate limit", ts);
    }
    checkBaggage(ctx.baggage());
  }

  private static void checkIds(TraceContext ctx, Object input) {
    require(ctx.traceIdHigh() != 0 || ctx.traceIdLow() != 0, "non-zero trace id", input);
    require(ctx.spanId() != 0, "non-zero span id", input);
  }

  private static void checkBaggage(Map<String, String> baggage) {
    require(baggage != null, "baggage is never null", null);
    require(baggage.size() <= W3CBaggagePropagator.DEFAULT_MAX_MEMBERS, "member limit", baggage);
    long chars = 0;
    for (Map.Entry<String, String> e : baggage.entrySet()) {
      require(e.getKey() != null && e.getValue() != null, "no null keys or values", baggage);
      chars += e.getKey().length() + e.getValue().length();
    }
    require(chars <= W3CBaggagePropagator.DEFAULT_MAX_BYTES, "byte limit", baggage);
  }

  private static void checkHeaders(TestCarrier out) {
    for (Map.Entry<String, String> e : out) {
      require(Chars.isToken(e.getKey()), "header name is a token", e);
      checkValue(e.getValue(), e);
    }
  }

  /**
   * A header value Ringtrace may send: visible ASCII and spaces, not at either end. Empty is
   * valid HTTP (an empty baggage value is sent as an empty {@code uberctx-} header).
   */
  private static void checkValue(String value, Object context) {
    require(value != null, "a value", context);
    if (value.isEmpty()) return;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      require(c >= 0x20 && c < 0x7f, "visible ASCII", context);
    }
    require(value.charAt(0) != ' ' && value.charAt(value.length() - 1) != ' ', "no outer spaces", context);
  }

  private static boolean sameIds(TraceContext a, TraceContext b) {
    return a.traceIdHigh() == b.traceIdHigh()
        && a.traceIdLow() == b.traceIdLow()
        && a.spanId() == b.spanId();
  }

  private static void require(boolean condition, String what, Object input) {
    if (!condition) throw new AssertionError(what + ": " + describe(input));
  }

  private static String describe(Object input) {
    if (input instanceof byte[]) return java.util.Arrays.toString((byte[]) input);
    return String.valueOf(input);
  }
}
