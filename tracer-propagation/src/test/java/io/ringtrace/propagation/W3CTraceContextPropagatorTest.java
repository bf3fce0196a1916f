/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import static io.ringtrace.propagation.Contexts.HIGH;
import static io.ringtrace.propagation.Contexts.LOW;
import static io.ringtrace.propagation.Contexts.SPAN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule of W3C Trace Context (Recommendation), section 3.2 and 3.3. */
class W3CTraceContextPropagatorTest {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT_ID = "00f067aa0ba902b7";
  static final String VALID = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

  final W3CTraceContextPropagator propagator = W3CTraceContextPropagator.getInstance();

  ExtractedContext extract(String... headers) {
    return propagator.extract(TestCarrier.of(headers));
  }

  @Test
  void traceparent_version00_isRead() {
    ExtractedContext ctx = extract("traceparent", VALID);

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.sampled()).isTrue();
    assertThat(ctx.parentSpanId()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"TraceParent", "TRACEPARENT", "tRaCePaReNt"})
  void headerName_isMatchedInAnyCase(String name) {
    assertThat(extract(name, VALID)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"trace-parent", "trace.parent", "traceparent ", "traceparents"})
  void headerName_otherNames_areNotTraceparent(String name) {
    assertThat(extract(name, VALID)).isNull();
  }

  @Test
  void version_ff_isInvalid() {
    assertThat(extract("traceparent", "ff-" + TRACE_ID + "-" + PARENT_ID + "-01")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {".0", "0.", "0A", "A0", "0g"})
  void version_mustBeTwoLowerCaseHexDigits(String version) {
    assertThat(extract("traceparent", version + "-" + TRACE_ID + "-" + PARENT_ID + "-01")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "000", "0000"})
  void version_ofOtherThanTwoDigits_isInvalid(String version) {
    assertThat(extract("traceparent", version + "-" + TRACE_ID + "-" + PARENT_ID + "-01")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "-", "-what-the-future-will-be-like", "0"})
  void version00_withAnythingAfterTheFlags_isInvalid(String suffix) {
    assertThat(extract("traceparent", VALID + suffix)).isNull();
  }

  @Test
  void higherVersion_ofExactly55Characters_isRead() {
    ExtractedContext ctx = extract("traceparent", "cc-" + TRACE_ID + "-" + PARENT_ID + "-01");

    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.sampled()).isTrue();
  }

  @Test
  void higherVersion_longerValueFollowingADash_isRead() {
    ExtractedContext ctx =
        extract("traceparent", "cc-" + TRACE_ID + "-" + PARENT_ID + "-01-what-the-future-will-be-like");

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
  }

  // The parser copies only the characters it reads as bytes: what follows them is not looked at,
  // whatever it holds (a surrogate pair would shorten a whole copy by one byte).
  @ParameterizedTest
  @ValueSource(strings = {"\ud83d\ude00", "\u00e9t\u00e9", "\u2014", "\ud800"})
  void higherVersion_nonAsciiAfterTheDash_isNotLookedAt(String future) {
    ExtractedContext ctx =
        extract("traceparent", "cc-" + TRACE_ID + "-" + PARENT_ID + "-01-" + future + "-x");

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\ud83d\ude00", "\u00e9", "\u0130", "\u0661"})
  void version00_nonAsciiInPlaceOfADigit_isInvalid(String character) {
    String value = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";
    for (int i = 0; i < value.length(); i++) {
      String spoiled = value.substring(0, i) + character + value.substring(i + 1);
      assertThat(extract("traceparent", spoiled)).as(spoiled).isNull();
    }
  }

  @Test
  void higherVersion_longerValueWithoutADash_isInvalid() {
    assertThat(extract("traceparent", "cc-" + TRACE_ID + "-" + PARENT_ID + "-01.what-the-future"))
        .isNull();
  }

  @Test
  void higherVersion_onlyTheSampledAndRandomFlagsAreRead() {
    ExtractedContext ctx = extract("traceparent", "cc-" + TRACE_ID + "-" + PARENT_ID + "-ff");

    assertThat(ctx.flags()).isEqualTo(TraceFlags.SAMPLED | TraceFlags.RANDOM);
  }

  @Test
  void flags_randomFlag_isRead() {
    assertThat(extract("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-02").flags())
        .isEqualTo(TraceFlags.RANDOM);
    assertThat(extract("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-03").flags())
        .isEqualTo(TraceFlags.RANDOM | TraceFlags.SAMPLED);
  }

  @Test
  void flags_undefinedFlags_areNotKept() {
    assertThat(extract("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-fc").flags()).isZero();
  }

  @Test
  void flags_randomFlag_isPassedOnUnchanged() {
    for (String flags : new String[] {"00", "01", "02", "03"}) {
      ExtractedContext ctx = extract("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-" + flags);
      TestCarrier carrier = new TestCarrier();
      propagator.inject(ctx, carrier, TestCarrier.SETTER);

      assertThat(carrier.get("traceparent")).as(flags).endsWith("-" + flags);
    }
  }

  @Test
  void higherVersion_beyondTheLengthLimit_isRefused() {
    String value =
        "cc-" + TRACE_ID + "-" + PARENT_ID + "-01-" + Contexts.repeat('a', 600);

    assertThat(extract("traceparent", value)).isNull();
  }

  @Test
  void value_shorterThan55Characters_isInvalid() {
    assertThat(extract("traceparent", VALID.substring(0, 54))).isNull();
  }

  @Test
  void traceId_allZero_isInvalid() {
    assertThat(extract("traceparent", "00-00000000000000000000000000000000-" + PARENT_ID + "-01"))
        .isNull();
  }

  @Test
  void parentId_allZero_isInvalid() {
    assertThat(extract("traceparent", "00-" + TRACE_ID + "-0000000000000000-01")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A"
      })
  void hex_upperCase_isInvalid(String value) {
    assertThat(extract("traceparent", value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00-.bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473.-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-.0f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b.-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-.0",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0."
      })
  void fields_withNonHexCharacters_areInvalid(String value) {
    assertThat(extract("traceparent", value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", // trace id 31
        "00-4bf92f3577b34da6a3ce929d0e0e47360-00f067aa0ba902b7-01", // trace id 33
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01", // parent id 15
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b70-01", // parent id 17
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1", // flags 1
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-001" // flags 3
      })
  void fields_mustHaveTheirExactLength(String value) {
    assertThat(extract("traceparent", value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01",
        "004bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-"
      })
  void fields_mustBeSeparatedByDashes(String value) {
    assertThat(extract("traceparent", value)).isNull();
  }

  @Test
  void flags_sampledIsTheLowestBit_masked() {
    assertThat(extract("traceparent", VALID.replace("-01", "-09")).sampled()).isTrue();
    assertThat(extract("traceparent", VALID.replace("-01", "-08")).sampled()).isFalse();
  }

  @Test
  void flags_version00_theReceivedByteIsKept() {
    assertThat(extract("traceparent", VALID.replace("-01", "-03")).flags()).isEqualTo(0x03);
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "\t", " \t ", "\t \t"})
  void value_surroundingSpacesAndTabs_areIgnored(String ows) {
    assertThat(extract("traceparent", ows + VALID)).isNotNull();
    assertThat(extract("traceparent", VALID + ows)).isNotNull();
    assertThat(extract("traceparent", ows + VALID + ows)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r", "\u000b", "\u0000", "\u00a0"})
  void value_surroundedByOtherWhitespace_isInvalid(String ws) {
    assertThat(extract("traceparent", ws + VALID)).isNull();
  }

  @Test
  void traceparent_duplicated_isInvalid() {
    assertThat(
            extract(
                "traceparent", "00-12345678901234567890123456789011-1234567890123456-01",
                "traceparent", "00-12345678901234567890123456789012-1234567890123456-01"))
        .isNull();
  }

  @Test
  void traceparent_duplicatedWithTheSameValue_isInvalid() {
    assertThat(extract("traceparent", VALID, "TraceParent", VALID)).isNull();
  }

  @Test
  void tracestate_isIgnoredWhenTraceparentIsInvalid() {
    assertThat(extract("traceparent", VALID.replace("-01", "-0x"), "tracestate", "foo=1")).isNull();
  }

  @Test
  void tracestate_isIgnoredWhenTraceparentIsMissing() {
    assertThat(extract("tracestate", "foo=1")).isNull();
  }

  @Test
  void tracestate_isKeptWithAValidTraceparent() {
    assertThat(extract("traceparent", VALID, "tracestate", "foo=1,bar=2").traceState())
        .isEqualTo("foo=1,bar=2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"TraceState", "TRACESTATE"})
  void tracestate_headerNameIsMatchedInAnyCase(String name) {
    assertThat(extract("traceparent", VALID, name, "foo=1").traceState()).isEqualTo("foo=1");
  }

  @Test
  void tracestate_severalHeaders_areCombinedInOrder() {
    ExtractedContext ctx =
        extract(
            "traceparent", VALID,
            "tracestate", "foo=1,bar=2",
            "tracestate", "rojo=1,congo=2",
            "tracestate", "baz=3");

    assertThat(ctx.traceState()).isEqualTo("foo=1,bar=2,rojo=1,congo=2,baz=3");
  }

  @Test
  void tracestate_emptyHeader_isDropped() {
    assertThat(extract("traceparent", VALID, "tracestate", "").traceState()).isNull();
  }

  @Test
  void tracestate_emptyHeaderAmongOthers_isIgnored() {
    assertThat(extract("traceparent", VALID, "tracestate", "", "tracestate", "foo=1").traceState())
        .isEqualTo("foo=1");
    assertThat(extract("traceparent", VALID, "tracestate", "foo=1", "tracestate", "").traceState())
        .isEqualTo("foo=1");
  }

  @Test
  void tracestate_duplicateKeysAcrossHeaders_keepTheFirst() {
    ExtractedContext ctx =
        extract("traceparent", VALID, "tracestate", "foo=1", "tracestate", "bar=3,foo=2");

    assertThat(ctx.traceState()).isEqualTo("foo=1,bar=3");
  }

  @Test
  void tracestate_severalHeadersWithLevel2Keys_areCombinedInOrder() {
    ExtractedContext ctx =
        extract(
            "traceparent", VALID,
            "tracestate", "a@b=1",
            "tracestate", " 9k@@=2 ,",
            "tracestate", Contexts.repeat('k', 256) + "=3");

    assertThat(ctx.traceState()).isEqualTo("a@b=1,9k@@=2," + Contexts.repeat('k', 256) + "=3");
  }

  @Test
  void tracestate_anInvalidKeyInALaterHeader_discardsAllOfThem() {
    ExtractedContext ctx =
        extract("traceparent", VALID, "tracestate", "a=1", "tracestate", "@b=2");

    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.traceState()).isNull();
  }

  @Test
  void tracestate_invalid_doesNotAffectTraceparent() {
    ExtractedContext ctx = extract("traceparent", VALID, "tracestate", "FOO=1");

    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.traceState()).isNull();
  }

  @Test
  void tracestate_combinedBeyondTheHeaderLimit_isDiscarded() {
    TestCarrier carrier = TestCarrier.of("traceparent", VALID);
    String chunk = "a=" + Contexts.repeat('x', 250);
    for (int i = 0; i < 200; i++) carrier.add("tracestate", chunk);

    assertThat(propagator.extract(carrier).traceState()).isNull();
  }

  @Test
  void inject_writesVersion00InLowerCaseHex() {
    TestCarrier carrier = new TestCarrier();
    propagator.inject(Contexts.context(TraceFlags.SAMPLED), carrier, TestCarrier.SETTER);

    assertThat(carrier.get("traceparent")).isEqualTo(VALID);
  }

  @Test
  void inject_writesTheHeaderNamesInLowerCase() {
    TestCarrier carrier = new TestCarrier();
    propagator.inject(Contexts.withTraceState("a=1"), carrier, TestCarrier.SETTER);

    assertThat(carrier.keys()).containsExactly("traceparent", "tracestate");
  }

  @Test
  void inject_undefinedFlagsAreSetToZero() {
    TestCarrier carrier = new TestCarrier();
    int flags = 0xfc | TraceFlags.DEBUG | TraceFlags.DEFERRED;
    propagator.inject(Contexts.context(flags), carrier, TestCarrier.SETTER);

    assertThat(carrier.get("traceparent")).endsWith("-00");
  }

  @Test
  void inject_theRandomFlagIsWritten() {
    TestCarrier carrier = new TestCarrier();
    propagator.inject(Contexts.context(0xfe), carrier, TestCarrier.SETTER);

    assertThat(carrier.get("traceparent")).endsWith("-02");
  }

  @Test
  void inject_parentIdIsTheContextsSpanId() {
    TestCarrier carrier = new TestCarrier();
    propagator.inject(
        Contexts.context(HIGH, LOW, 0x1122334455667788L, 0x99L, 0), carrier, TestCarrier.SETTER);

    assertThat(carrier.get("traceparent")).isEqualTo("00-" + TRACE_ID + "-1122334455667788-00");
  }

  @Test
  void inject_64BitTraceId_isPaddedWithZeros() {
    TestCarrier carrier = new TestCarrier();
    propagator.inject(Contexts.context(0, LOW, SPAN, 0, 1), carrier, TestCarrier.SETTER);

    assertThat(carrier.get("traceparent"))
        .isEqualTo("00-0000000000000000a3ce929d0e0e4736-" + PARENT_ID + "-01");
  }

  @Test
  void inject_writesTheTracestateNormalised() {
    TestCarrier carrier = new TestCarrier();
    propagator.inject(Contexts.withTraceState(" a=1 ,, b=2\t"), carrier, TestCarrier.SETTER);

    assertThat(carrier.get("tracestate")).isEqualTo("a=1,b=2");
  }

  @Test
  void inject_invalidTracestate_isNotWritten() {
    TestCarrier carrier = new TestCarrier();
    propagator.inject(Contexts.withTraceState("a=1\r\nx: y"), carrier, TestCarrier.SETTER);

    assertThat(carrier.get("traceparent")).isNotNull();
    assertThat(carrier.get("tracestate")).isNull();
  }

  @Test
  void inject_noTracestate_writesOnlyTraceparent() {
    TestCarrier carrier = new TestCarrier();
    propagator.inject(Contexts.context(1), carrier, TestCarrier.SETTER);

    assertThat(carrier.keys()).containsExactly("traceparent");
  }

  @Test
  void inject_invalidIds_writesNothing() {
    TestCarrier carrier = new TestCarrier();
    propagator.inject(new ZeroIds(), carrier, TestCarrier.SETTER);

    assertThat(carrier.size()).isZero();
  }

  @Test
  void inject_nullArguments_doNothing() {
    TestCarrier carrier = new TestCarrier();
    propagator.inject(null, carrier, TestCarrier.SETTER);
    propagator.inject(Contexts.context(1), null, TestCarrier.SETTER);
    propagator.inject(Contexts.context(1), carrier, null);

    assertThat(carrier.size()).isZero();
  }

  @Test
  void extract_nullCarrier_returnsNull() {
    assertThat(propagator.extract(null)).isNull();
  }

  @Test
  void extract_entriesWithNullKeysOrValues_areSkipped() {
    TestCarrier carrier = TestCarrier.of("traceparent", null);
    carrier.add(null, "x").add("tracestate", null);

    assertThat(propagator.extract(carrier)).isNull();
  }

  @Test
  void roundTrip_keepsIdsFlagsAndTracestate() {
    TestCarrier carrier = new TestCarrier();
    propagator.inject(Contexts.withTraceState("congo=t61rcWkgMzE"), carrier, TestCarrier.SETTER);

    ExtractedContext ctx = propagator.extract(carrier);

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.sampled()).isTrue();
    assertThat(ctx.traceState()).isEqualTo("congo=t61rcWkgMzE");
  }

  @Test
  void fields_areTraceparentAndTracestate() {
    assertThat(propagator.fields()).containsExactly("traceparent", "tracestate");
  }

  /** A context with no valid ids, as a buggy implementation might hand over. */
  static final class ZeroIds implements TraceContext {
    @Override
    public long traceIdHigh() {
      return 0;
    }

    @Override
    public long traceIdLow() {
      return 0;
    }

    @Override
    public long spanId() {
      return 0;
    }

    @Override
    public long parentSpanId() {
      return 0;
    }

    @Override
    public int flags() {
      return 1;
    }

    @Override
    public String traceState() {
      return "a=1";
    }

    @Override
    public java.util.Map<String, String> baggage() {
      return java.util.Collections.singletonMap("k", "v");
    }
  }
}
