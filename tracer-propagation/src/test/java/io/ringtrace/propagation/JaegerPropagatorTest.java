/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import static io.ringtrace.propagation.Contexts.HIGH;
import static io.ringtrace.propagation.Contexts.LOW;
import static io.ringtrace.propagation.Contexts.PARENT;
import static io.ringtrace.propagation.Contexts.SPAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule of the Jaeger client's propagation format. */
class JaegerPropagatorTest {

  final JaegerPropagator propagator = JaegerPropagator.getInstance();

  ExtractedContext extract(String... headers) {
    return propagator.extract(TestCarrier.of(headers));
  }

  TestCarrier inject(TraceContext ctx) {
    TestCarrier carrier = new TestCarrier();
    propagator.inject(ctx, carrier, TestCarrier.SETTER);
    return carrier;
  }

  @Test
  void uberTraceId_fourFields_areRead() {
    ExtractedContext ctx =
        extract("uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:05e3ac9a4f6e3b90:1");

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.parentSpanId()).isEqualTo(PARENT);
    assertThat(ctx.flags()).isEqualTo(TraceFlags.SAMPLED);
  }

  @Test
  void ids_withoutLeadingZeros_areRead() {
    ExtractedContext ctx = extract("uber-trace-id", "abc:f067aa0ba902b7:0:1");

    assertThat(ctx.traceIdHigh()).isZero();
    assertThat(ctx.traceIdLow()).isEqualTo(0xabc);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.parentSpanId()).isZero();
  }

  @Test
  void traceId_longerThan16Digits_is128Bit() {
    ExtractedContext ctx = extract("uber-trace-id", "1a3ce929d0e0e4736:1:0:0");

    assertThat(ctx.traceIdHigh()).isEqualTo(1);
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
  }

  @Test
  void ids_inUpperCaseHex_areRead() {
    assertThat(extract("uber-trace-id", "A3CE929D0E0E4736:00F067AA0BA902B7:0:1").traceIdLow())
        .isEqualTo(LOW);
  }

  @Test
  void value_urlEncoded_isRead() {
    ExtractedContext ctx = extract("uber-trace-id", "a3ce929d0e0e4736%3A00f067aa0ba902b7%3a0%3A1");

    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
  }

  // Jaeger: bit 0 sampled, bit 1 debug (TraceFlags.DEBUG = 256), the others ignored.
  @ParameterizedTest
  @CsvSource({"0,0", "1,1", "2,256", "3,257", "01,1", "0f,257", "ff,257", "8,0", "A,256"})
  void flags_sampledAndDebugBitsAreRead(String flags, int expected) {
    assertThat(extract("uber-trace-id", "1:2:0:" + flags).flags()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0:1:0:1", // zero trace id
        "1:0:0:1", // zero span id
        "1:2:3", // three fields
        "1:2:3:4:5", // five fields
        "1:2:0:100", // flags too long
        "1:2:0:", // empty flags
        ":2:0:1", // empty trace id
        "123456789012345678901234567890123:2:0:1", // trace id of 33 digits
        "1:12345678901234567:0:1", // span id of 17 digits
        "1:2:12345678901234567:1", // parent of 17 digits
        "x:2:0:1", // not hex
        "1:2:0:1%", // stray percent
        "1%3G2:0:1", // bad escape
        "-1:2:0:1",
        "",
        ":::"
      })
  void uberTraceId_malformed_givesNoContext(String value) {
    assertThat(extract("uber-trace-id", value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Uber-Trace-Id", "UBER-TRACE-ID"})
  void headerName_isMatchedInAnyCase(String name) {
    assertThat(extract(name, "1:2:0:1")).isNotNull();
  }

  @Test
  void uberTraceId_repeatedWithAnotherValue_givesNoContext() {
    assertThat(extract("uber-trace-id", "1:2:0:1", "uber-trace-id", "1:3:0:1")).isNull();
  }

  @Test
  void baggage_uberctxHeaders_areItems() {
    ExtractedContext ctx =
        extract("uber-trace-id", "1:2:0:1", "uberctx-user", "alice", "uberctx-tier", "gold");

    assertThat(ctx.baggage()).containsExactly(entry("user", "alice"), entry("tier", "gold"));
  }

  @Test
  void baggage_keysAreLowerCased() {
    assertThat(extract("uber-trace-id", "1:2:0:1", "UberCtx-UserId", "1").baggage())
        .containsExactly(entry("userid", "1"));
  }

  @Test
  void baggage_valuesAreUrlDecoded() {
    assertThat(extract("uber-trace-id", "1:2:0:1", "uberctx-k", "a+b%20c%E2%9C%93").baggage())
        .containsExactly(entry("k", "a b c\u2713"));
  }

  @Test
  void baggage_emptyKey_isIgnored() {
    assertThat(extract("uber-trace-id", "1:2:0:1", "uberctx-", "x").baggage()).isEmpty();
  }

  @Test
  void baggage_withoutUberTraceId_givesABaggageOnlyContext() {
    ExtractedContext ctx = extract("uberctx-k", "v");

    assertThat(ctx.isBaggageOnly()).isTrue();
    assertThat(ctx.baggage()).containsExactly(entry("k", "v"));
    assertThat(ctx.jaegerDebugId()).isNull();
    assertThat(ctx.flags()).isZero();
  }

  @Test
  void baggage_withAnInvalidUberTraceId_givesABaggageOnlyContext() {
    ExtractedContext ctx = extract("uber-trace-id", "not-an-id", "uberctx-k", "v");

    assertThat(ctx.isBaggageOnly()).isTrue();
    assertThat(ctx.baggage()).containsExactly(entry("k", "v"));
  }

  @Test
  void baggage_beyondTheLimits_wholeItemsAreDropped() {
    TestCarrier carrier = TestCarrier.of("uber-trace-id", "1:2:0:1");
    for (int i = 0; i < 100; i++) carrier.add("uberctx-k" + i, "v");

    Map<String, String> baggage = propagator.extract(carrier).baggage();

    assertThat(baggage).hasSize(W3CBaggagePropagator.DEFAULT_MAX_MEMBERS).containsKey("k0");
  }

  @Test
  void debugId_alone_givesAForcedSampledBaggageOnlyContextWithTheId() {
    ExtractedContext ctx = extract("jaeger-debug-id", " some%20correlation-id ");

    assertThat(ctx.isBaggageOnly()).isTrue();
    assertThat(ctx.jaegerDebugId()).isEqualTo("some correlation-id");
    assertThat(ctx.flags()).isEqualTo(TraceFlags.DEBUG | TraceFlags.SAMPLED);
    assertThat(ctx.baggage()).isEmpty();
  }

  @Test
  void debugId_emptyOrTooLong_isIgnored() {
    assertThat(extract("jaeger-debug-id", " ")).isNull();
    assertThat(extract("jaeger-debug-id", Contexts.repeat('d', 257))).isNull();
    assertThat(extract("jaeger-debug-id", Contexts.repeat('d', 256)).jaegerDebugId()).hasSize(256);
  }

  @Test
  void debugId_withBaggage_keepsBoth() {
    ExtractedContext ctx = extract("jaeger-debug-id", "dbg", "uberctx-k", "v");

    assertThat(ctx.jaegerDebugId()).isEqualTo("dbg");
    assertThat(ctx.baggage()).containsExactly(entry("k", "v"));
  }

  @Test
  void debugId_withUberTraceId_changesNothing() {
    assertThat(extract("uber-trace-id", "1:2:0:0", "jaeger-debug-id", "x").flags()).isZero();
  }

  @Test
  void inject_writesFixedWidthIdsParentAndFlags() {
    TestCarrier carrier = inject(Contexts.context(TraceFlags.SAMPLED));

    assertThat(carrier.get("uber-trace-id"))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:05e3ac9a4f6e3b90:1");
  }

  @Test
  void inject_64BitTraceIdAndNoParent_writes16DigitsAndZero() {
    assertThat(inject(Contexts.context(0, LOW, SPAN, 0, 0)).get("uber-trace-id"))
        .isEqualTo("a3ce929d0e0e4736:00f067aa0ba902b7:0:0");
  }

  @Test
  void inject_debug_writesJaegersDebugFlag() {
    assertThat(inject(Contexts.context(0, LOW, SPAN, 0, TraceFlags.DEBUG | 1)).get("uber-trace-id"))
        .endsWith(":3");
  }

  @Test
  void inject_otherFlags_areNotWritten() {
    assertThat(inject(Contexts.context(0, LOW, SPAN, 0, 0xfe | TraceFlags.DEFERRED)).get("uber-trace-id"))
        .endsWith(":0");
  }

  @Test
  void inject_baggage_asUberctxHeadersWithEncodedValues() {
    TestCarrier carrier = inject(Contexts.withBaggage("user", "alice", "note", "a b\r\n\u2713"));

    assertThat(carrier.get("uberctx-user")).isEqualTo("alice");
    assertThat(carrier.get("uberctx-note")).isEqualTo("a%20b%0D%0A%E2%9C%93");
  }

  @Test
  void inject_baggageKeyNotAToken_isDropped() {
    TestCarrier carrier = inject(Contexts.withBaggage("bad key", "1", "x\r\ny", "2", "ok", "3"));

    assertThat(carrier.keys()).containsExactly("uber-trace-id", "uberctx-ok");
  }

  @Test
  void roundTrip_keepsIdsFlagsAndBaggage() {
    ExtractedContext ctx =
        propagator.extract(inject(Contexts.withBaggage("k", "v w", "emoji", "\ud83d\ude00")));

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.parentSpanId()).isEqualTo(PARENT);
    assertThat(ctx.sampled()).isTrue();
    assertThat(ctx.baggage()).containsExactly(entry("k", "v w"), entry("emoji", "\ud83d\ude00"));
  }
}
