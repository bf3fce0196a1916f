/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import static io.ringtrace.propagation.Contexts.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tables of hostile header values, per codec: each gives no context (or only its valid part)
 * and nothing throws. What a client can send includes huge values, control characters, digits of
 * other scripts that {@code Character.digit} would accept, signs that {@code Long.parseLong}
 * would accept, and percent-escapes that decode to separators.
 */
class HostileInputTest {

  static final String TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  static final String MEGABYTE = repeat('a', 1 << 20);

  static Stream<String> hostileTraceparents() {
    return Stream.of(
        MEGABYTE,
        repeat(' ', 1 << 20) + TP, // valid, but padded beyond any limit: refused unread
        TP + repeat('\t', 1 << 20),
        repeat('-', 55),
        repeat('0', 55),
        repeat('\u0000', 55),
        TP.replace('4', '\u0664'), // ARABIC-INDIC DIGIT FOUR
        TP.replace('b', '\uff42'), // FULLWIDTH LATIN SMALL LETTER B
        TP.replace("-01", "-\ud83d\ude00"),
        TP.replace("00-", "+0-"),
        TP.replace("-00f0", "-+0f0"),
        TP + "\r\nX-Injected: 1",
        "\r\n" + TP,
        TP.substring(0, 54) + "\u0000",
        "00-" + repeat('f', 32) + "-" + repeat('f', 16) + "-" + repeat('f', 1000),
        "cc-" + TP.substring(3) + "-" + MEGABYTE,
        TP.replace('-', '\u2010'), // HYPHEN
        "\ud800" + TP,
        TP.toUpperCase());
  }

  @ParameterizedTest
  @MethodSource("hostileTraceparents")
  void traceparent_hostileValue_givesNoContext(String value) {
    assertThat(Propagators.traceContext().extract(TestCarrier.of("traceparent", value))).isNull();
  }

  static Stream<String> hostileTracestates() {
    return Stream.of(
        MEGABYTE,
        repeat(' ', TraceState.MAX_HEADER_LENGTH) + "a=1", // beyond the input limit: unread
        repeat(',', 100_000),
        "a=" + repeat('b', 100_000),
        repeat('k', 100_000) + "=1",
        "a=1,\r\nb=2",
        "a=1\u0000",
        "a=\ud83d\ude00",
        "\u00e9=1",
        "a==1",
        "=1",
        "a=1,=",
        TraceStateTest.members(40),
        "k@" + repeat('s', 1000) + "=1");
  }

  @ParameterizedTest
  @MethodSource("hostileTracestates")
  void tracestate_hostileValue_isDroppedAndTheTraceparentKept(String value) {
    ExtractedContext ctx =
        Propagators.traceContext().extract(TestCarrier.of("traceparent", TP, "tracestate", value));

    assertThat(ctx).isNotNull();
    assertThat(ctx.traceState()).isNull();
  }

  static Stream<String> hostileBaggage() {
    return Stream.of(
        MEGABYTE,
        repeat(',', 100_000),
        repeat(';', 100_000),
        "k=" + repeat('%', 100_000),
        "k=%",
        "k=%E",
        "k=\ud800",
        "k=\r\nX-Injected: 1",
        "k=v;" + "p;".repeat(50_000),
        repeat('k', 100_000) + "=v",
        "\u0000=\u0000",
        "k=\u00ff",
        "k\u00a0=v");
  }

  @ParameterizedTest
  @MethodSource("hostileBaggage")
  void baggage_hostileValue_keepsOnlyValidMembersWithinTheLimits(String value) {
    Map<String, String> baggage =
        W3CBaggagePropagator.getInstance().extractBaggage(TestCarrier.of("baggage", value));

    assertThat(baggage.size()).isLessThanOrEqualTo(W3CBaggagePropagator.DEFAULT_MAX_MEMBERS);
    for (Map.Entry<String, String> e : baggage.entrySet()) {
      assertThat(Chars.isToken(e.getKey())).as(e.getKey()).isTrue();
      assertThat(e.getKey().length() + e.getValue().length())
          .isLessThanOrEqualTo(W3CBaggagePropagator.DEFAULT_MAX_BYTES);
    }
  }

  @ParameterizedTest
  @MethodSource("hostileBaggage")
  void baggage_hostileValue_nextToTraceparent_keepsTheContext(String value) {
    assertThat(Propagators.defaults().extract(TestCarrier.of("traceparent", TP, "baggage", value)))
        .isNotNull();
  }

  static Stream<String> hostileB3Singles() {
    return Stream.of(
        MEGABYTE,
        repeat('-', 68),
        repeat('0', 68),
        "+bf92f3577b34da6-00f067aa0ba902b7-1",
        "4bf92f3577b34da6-+0f067aa0ba902b7-1",
        "\u0664bf92f3577b34da6-00f067aa0ba902b7",
        "4bf92f3577b34da6-00f067aa0ba902b7-\ud83d",
        "4bf92f3577b34da6-00f067aa0ba902b7-d-d",
        "4bf92f3577b34da6-00f067aa0ba902b7-1-05e3ac9a4f6e3b90\r\n",
        "4bf92f3577b34da6-00f067aa0ba902b7\u0000",
        "d",
        "D",
        "00",
        "-0",
        repeat('a', 64) + "-00f067aa0ba902b7");
  }

  @ParameterizedTest
  @MethodSource("hostileB3Singles")
  void b3_hostileSingleHeader_givesNoContext(String value) {
    assertThat(Propagators.b3Single().extract(TestCarrier.of("b3", value))).isNull();
  }

  static Stream<String> hostileB3Ids() {
    return Stream.of(
        MEGABYTE,
        "",
        " ",
        "+a3ce929d0e0e4736",
        "-a3ce929d0e0e473",
        "0xa3ce929d0e0e47",
        "a3ce929d0e0e4736\r\n",
        "\u0664" + repeat('1', 15),
        repeat('f', 17),
        repeat('f', 31),
        repeat('f', 33),
        repeat('0', 16),
        repeat('0', 32));
  }

  @ParameterizedTest
  @MethodSource("hostileB3Ids")
  void b3_hostileTraceId_givesNoContext(String value) {
    TestCarrier carrier = TestCarrier.of("X-B3-TraceId", value, "X-B3-SpanId", "00f067aa0ba902b7");
    assertThat(Propagators.b3Multi().extract(carrier)).isNull();
  }

  @ParameterizedTest
  @MethodSource("hostileB3Ids")
  void b3_hostileSpanId_givesNoContext(String value) {
    TestCarrier carrier = TestCarrier.of("X-B3-TraceId", "a3ce929d0e0e4736", "X-B3-SpanId", value);
    assertThat(Propagators.b3Multi().extract(carrier)).isNull();
  }

  @ParameterizedTest
  @MethodSource("hostileB3Ids")
  void b3_hostileParentSpanId_givesNoContext(String value) {
    TestCarrier carrier =
        TestCarrier.of(
            "X-B3-TraceId", "a3ce929d0e0e4736",
            "X-B3-SpanId", "00f067aa0ba902b7",
            "X-B3-ParentSpanId", value);
    // an all-zero parent is "no parent", not hostile
    if (value.equals(repeat('0', 16))) return;
    assertThat(Propagators.b3Multi().extract(carrier)).isNull();
  }

  static Stream<String> hostileUberTraceIds() {
    return Stream.of(
        MEGABYTE,
        repeat(':', 1000),
        "%3A".repeat(1000),
        "%3A%3A%3A",
        "%253A",
        "+1:2:0:1",
        "1:+2:0:1",
        "1:2:-0:1",
        "0x1:2:0:1",
        "1:2:0:0x1",
        "1:2:0:1\r\nX-Injected: 1",
        "\u0661:2:0:1",
        "1:2:0:\ud83d\ude00",
        "\ud83d\ude00:2:0:1",
        "1:2:\u0130:1", // its low byte is '0'
        "1:2:\u0141:1", // its low byte is 'A'
        "1%00:2:0:1",
        "1:2:0:1:",
        repeat('f', 33) + ":2:0:1",
        "1:" + repeat('f', 17) + ":0:1");
  }

  @ParameterizedTest
  @MethodSource("hostileUberTraceIds")
  void jaeger_hostileUberTraceId_givesNoContext(String value) {
    assertThat(Propagators.jaeger().extract(TestCarrier.of("uber-trace-id", value))).isNull();
  }

  @ParameterizedTest
  @MethodSource("hostileBaggage")
  void jaeger_hostileBaggageValue_isDecodedWithinTheLimits(String value) {
    ExtractedContext ctx =
        Propagators.jaeger().extract(TestCarrier.of("uber-trace-id", "1:2:0:1", "uberctx-k", value));

    assertThat(ctx).isNotNull();
    for (Map.Entry<String, String> e : ctx.baggage().entrySet()) {
      assertThat(e.getValue().length()).isLessThanOrEqualTo(W3CBaggagePropagator.DEFAULT_MAX_BYTES);
    }
  }

  static Stream<String> hostileHeaderNames() {
    return Stream.of(
        "uberctx-" + repeat('k', 100_000),
        "uberctx-a b",
        "uberctx-\r\n",
        "uberctx-\u00e9",
        "UBERCTX-\u0130", // LATIN CAPITAL LETTER I WITH DOT ABOVE: lower-cases to two chars
        "uberctx-\u212a"); // KELVIN SIGN: lower-cases to an ASCII k
  }

  @ParameterizedTest
  @MethodSource("hostileHeaderNames")
  void jaeger_hostileBaggageName_isNeverPassedOnAsAnInvalidHeader(String name) {
    ExtractedContext ctx =
        Propagators.jaeger().extract(TestCarrier.of("uber-trace-id", "1:2:0:1", name, "v"));
    TestCarrier out = new TestCarrier();
    Propagators.jaeger().inject(ctx, out, TestCarrier.SETTER);

    for (String key : out.keys()) assertThat(Chars.isToken(key)).as(key).isTrue();
    assertThat(out.keys().size()).isLessThanOrEqualTo(2);
  }

  @Test
  void headerNames_nonAsciiLookAlikes_areNoKnownHeader() {
    // "\u017f" (LONG S) and "\u212a" (KELVIN SIGN) fold to ASCII letters in String.equalsIgnoreCase
    assertThat(Propagators.b3Multi().extract(
            TestCarrier.of("x-b3-traceid", "a3ce929d0e0e4736", "x-b3-\u017fpanid", "00f067aa0ba902b7")))
        .isNull();
    assertThat(Propagators.jaeger().extract(TestCarrier.of("uber-trace-id".replace('i', '\u0131'), "1:2:0:1")))
        .isNull();
  }

  @ParameterizedTest
  @MethodSource("hostileTraceparents")
  void composite_hostileValuesEverywhere_giveNoTraceContext(String value) {
    Propagator all =
        Propagators.composite(
            Propagators.traceContext(), Propagators.baggage(), Propagators.b3Multi(), Propagators.jaeger());
    TestCarrier carrier =
        TestCarrier.of(
            "traceparent", value,
            "tracestate", value,
            "baggage", value,
            "b3", value,
            "X-B3-TraceId", value,
            "X-B3-SpanId", value,
            "uber-trace-id", value,
            "uberctx-k", value);

    ExtractedContext ctx = all.extract(carrier);
    // Any value is a valid uberctx- item (it is URL-decoded), so baggage may survive; no trace.
    if (ctx != null) {
      assertThat(ctx.isBaggageOnly()).as(ctx.toString()).isTrue();
      assertThat(ctx.baggage()).containsOnlyKeys("k");
    }
  }
}
