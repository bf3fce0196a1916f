/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import static io.ringtrace.propagation.Contexts.HIGH;
import static io.ringtrace.propagation.Contexts.LOW;
import static io.ringtrace.propagation.Contexts.PARENT;
import static io.ringtrace.propagation.Contexts.SPAN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule of B3 propagation (openzipkin/b3-propagation). */
class B3PropagatorTest {

  static final String T128 = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String T64 = "a3ce929d0e0e4736";
  static final String S = "00f067aa0ba902b7";
  static final String P = "05e3ac9a4f6e3b90";

  final B3Propagator single = B3Propagator.singleHeader();
  final B3Propagator multi = B3Propagator.multiHeader();

  ExtractedContext extract(String... headers) {
    return single.extract(TestCarrier.of(headers));
  }

  static TestCarrier inject(Propagator p, TraceContext ctx) {
    TestCarrier carrier = new TestCarrier();
    p.inject(ctx, carrier, TestCarrier.SETTER);
    return carrier;
  }

  @Test
  void single_allFields_areRead() {
    ExtractedContext ctx = extract("b3", T128 + "-" + S + "-1-" + P);

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.parentSpanId()).isEqualTo(PARENT);
    assertThat(ctx.flags()).isEqualTo(TraceFlags.SAMPLED);
  }

  @Test
  void single_64BitTraceId_hasNoHighHalf() {
    ExtractedContext ctx = extract("b3", T64 + "-" + S + "-1");

    assertThat(ctx.traceIdHigh()).isZero();
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
  }

  @Test
  void single_withoutSamplingState_defersTheDecision() {
    assertThat(extract("b3", T128 + "-" + S).flags()).isEqualTo(TraceFlags.DEFERRED);
  }

  @Test
  void single_samplingState0_isNotSampled() {
    assertThat(extract("b3", T128 + "-" + S + "-0").flags()).isZero();
  }

  @Test
  void single_samplingStateD_isDebugAndSampled() {
    assertThat(extract("b3", T128 + "-" + S + "-d").flags())
        .isEqualTo(TraceFlags.DEBUG | TraceFlags.SAMPLED);
  }

  @Test
  void single_denyOnly_isAnUnsampledSamplingOnlyContext() {
    ExtractedContext ctx = extract("b3", "0");

    assertThat(ctx.isSamplingOnly()).isTrue();
    assertThat(ctx.flags()).isZero();
    assertThat(ctx.traceIdLow()).isNotZero();
    assertThat(ctx.spanId()).isNotZero();
    assertThat(ctx.parentSpanId()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "d"})
  void single_acceptOrDebugOnly_givesNoContext(String value) {
    assertThat(extract("b3", value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7", // trace id 31
        "4bf92f3577b34da6-00f067aa0ba902b7-1-05e3ac9a4f6e3b9", // parent 15
        "4BF92F3577B34DA6-00f067aa0ba902b7", // upper case
        "4bf92f3577b34da6-00f067aa0ba902b7-2", // bad state
        "4bf92f3577b34da6-00f067aa0ba902b7-1-", // trailing dash
        "4bf92f3577b34da6-00f067aa0ba902b7-", // dangling dash
        "4bf92f3577b34da6-00f067aa0ba902b7-11", // state two chars
        "0000000000000000-00f067aa0ba902b7-1", // zero trace id
        "4bf92f3577b34da6-0000000000000000-1", // zero span id
        "4bf92f3577b34da6_00f067aa0ba902b7", // wrong separator
        "4bf92f3577b34da6-00f067aa0ba902b7-1-05e3ac9a4f6e3b90-1", // extra field
        "-", "", "0-", "true"
      })
  void single_malformed_givesNoContext(String value) {
    assertThat(extract("b3", value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"B3", "b3"})
  void single_headerName_isMatchedInAnyCase(String name) {
    assertThat(extract(name, T64 + "-" + S)).isNotNull();
  }

  @Test
  void single_takesPrecedenceOverMulti() {
    ExtractedContext ctx =
        extract("b3", T64 + "-" + S + "-1", "X-B3-TraceId", T128, "X-B3-SpanId", P);

    assertThat(ctx.spanId()).isEqualTo(SPAN);
  }

  @Test
  void single_malformed_fallsBackToMulti() {
    ExtractedContext ctx = extract("b3", "garbage", "X-B3-TraceId", T128, "X-B3-SpanId", P);

    assertThat(ctx.spanId()).isEqualTo(PARENT);
  }

  @Test
  void multi_allHeaders_areRead() {
    ExtractedContext ctx =
        extract(
            "X-B3-TraceId", T128,
            "X-B3-SpanId", S,
            "X-B3-ParentSpanId", P,
            "X-B3-Sampled", "1");

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.parentSpanId()).isEqualTo(PARENT);
    assertThat(ctx.sampled()).isTrue();
  }

  @Test
  void multi_headerNames_areMatchedInAnyCase() {
    assertThat(extract("x-b3-traceid", T64, "X-B3-SPANID", S, "x-B3-sAMPLED", "1").sampled()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"1,1", "true,1", "TRUE,1", "0,0", "false,0", "False,0"})
  void multi_sampled_acceptsOneZeroAndTrueFalse(String value, int expected) {
    assertThat(extract("X-B3-TraceId", T64, "X-B3-SpanId", S, "X-B3-Sampled", value).flags())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "yes", ""})
  void multi_sampled_otherValues_deferTheDecision(String value) {
    assertThat(extract("X-B3-TraceId", T64, "X-B3-SpanId", S, "X-B3-Sampled", value).flags())
        .isEqualTo(TraceFlags.DEFERRED);
  }

  @Test
  void multi_noSampled_defersTheDecision() {
    assertThat(extract("X-B3-TraceId", T64, "X-B3-SpanId", S).flags()).isEqualTo(TraceFlags.DEFERRED);
  }

  @Test
  void multi_flags1_isDebugAndSampled() {
    assertThat(extract("X-B3-TraceId", T64, "X-B3-SpanId", S, "X-B3-Flags", "1").flags())
        .isEqualTo(TraceFlags.DEBUG | TraceFlags.SAMPLED);
  }

  @Test
  void multi_flags1_overridesSampled0() {
    assertThat(
            extract("X-B3-TraceId", T64, "X-B3-SpanId", S, "X-B3-Sampled", "0", "X-B3-Flags", "1")
                .sampled())
        .isTrue();
  }

  @Test
  void multi_denyOnly_isAnUnsampledSamplingOnlyContext() {
    ExtractedContext ctx = extract("X-B3-Sampled", "0");

    assertThat(ctx.isSamplingOnly()).isTrue();
    assertThat(ctx.sampled()).isFalse();
  }

  @Test
  void multi_acceptOrDebugOnly_givesNoContext() {
    assertThat(extract("X-B3-Sampled", "1")).isNull();
    assertThat(extract("X-B3-Flags", "1")).isNull();
  }

  @Test
  void multi_missingSpanOrTraceId_givesNoContext() {
    assertThat(extract("X-B3-TraceId", T64)).isNull();
    assertThat(extract("X-B3-SpanId", S)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "a3ce929d0e0e473,00f067aa0ba902b7,", // trace 15
    "a3ce929d0e0e4736,00f067aa0ba902b,", // span 15
    "A3CE929D0E0E4736,00f067aa0ba902b7,", // upper case
    "a3ce929d0e0e4736,00f067aa0ba902b7,xyz", // bad parent
    "0000000000000000,00f067aa0ba902b7,", // zero trace
    "a3ce929d0e0e4736,0000000000000000," // zero span
  })
  void multi_malformedIds_giveNoContext(String traceId, String spanId, String parent) {
    TestCarrier carrier = TestCarrier.of("X-B3-TraceId", traceId, "X-B3-SpanId", spanId);
    if (parent != null) carrier.add("X-B3-ParentSpanId", parent);

    assertThat(single.extract(carrier)).isNull();
  }

  @Test
  void multi_repeatedHeaderWithAnotherValue_givesNoContext() {
    assertThat(extract("X-B3-TraceId", T64, "X-B3-SpanId", S, "X-B3-SpanId", P)).isNull();
  }

  @Test
  void multi_repeatedHeaderWithTheSameValue_isRead() {
    assertThat(extract("X-B3-TraceId", T64, "X-B3-SpanId", S, "x-b3-spanid", S)).isNotNull();
  }

  @Test
  void inject_single_writesTraceSpanStateAndParent() {
    TestCarrier carrier = inject(single, Contexts.context(TraceFlags.SAMPLED));

    assertThat(carrier.keys()).containsExactly("b3");
    assertThat(carrier.get("b3")).isEqualTo(T128 + "-" + S + "-1-" + P);
  }

  @Test
  void inject_single_64BitTraceId_writes16Characters() {
    TestCarrier carrier = inject(single, Contexts.context(0, LOW, SPAN, 0, 0));

    assertThat(carrier.get("b3")).isEqualTo(T64 + "-" + S + "-0");
  }

  @Test
  void inject_single_debug_writesD() {
    assertThat(inject(single, Contexts.context(0, LOW, SPAN, 0, TraceFlags.DEBUG | 1)).get("b3"))
        .isEqualTo(T64 + "-" + S + "-d");
  }

  @Test
  void inject_single_deferred_writesNoSamplingStateAndNoParent() {
    assertThat(inject(single, Contexts.context(TraceFlags.DEFERRED)).get("b3"))
        .isEqualTo(T128 + "-" + S);
  }

  @Test
  void inject_multi_writesTheCanonicalHeaders() {
    TestCarrier carrier = inject(multi, Contexts.context(TraceFlags.SAMPLED));

    assertThat(carrier.keys())
        .containsExactly("X-B3-TraceId", "X-B3-SpanId", "X-B3-ParentSpanId", "X-B3-Sampled");
    assertThat(carrier.get("X-B3-TraceId")).isEqualTo(T128);
    assertThat(carrier.get("X-B3-SpanId")).isEqualTo(S);
    assertThat(carrier.get("X-B3-ParentSpanId")).isEqualTo(P);
    assertThat(carrier.get("X-B3-Sampled")).isEqualTo("1");
  }

  @Test
  void inject_multi_debug_writesFlagsAndNoSampled() {
    TestCarrier carrier = inject(multi, Contexts.context(0, LOW, SPAN, 0, TraceFlags.DEBUG | 1));

    assertThat(carrier.keys()).containsExactly("X-B3-TraceId", "X-B3-SpanId", "X-B3-Flags");
    assertThat(carrier.get("X-B3-Flags")).isEqualTo("1");
  }

  @Test
  void inject_multi_deferred_writesNoSampled() {
    TestCarrier carrier = inject(multi, Contexts.context(0, LOW, SPAN, 0, TraceFlags.DEFERRED));

    assertThat(carrier.keys()).containsExactly("X-B3-TraceId", "X-B3-SpanId");
  }

  @Test
  void inject_multi_notSampled_writesSampled0() {
    assertThat(inject(multi, Contexts.context(0, LOW, SPAN, 0, 0)).get("X-B3-Sampled")).isEqualTo("0");
  }

  @Test
  void roundTrip_singleAndMulti_keepIdsAndDecision() {
    for (B3Propagator p : new B3Propagator[] {single, multi}) {
      for (int flags : new int[] {0, TraceFlags.SAMPLED, TraceFlags.DEBUG | TraceFlags.SAMPLED}) {
        ExtractedContext ctx = p.extract(inject(p, Contexts.context(flags)));

        assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
        assertThat(ctx.traceIdLow()).isEqualTo(LOW);
        assertThat(ctx.spanId()).isEqualTo(SPAN);
        assertThat(ctx.parentSpanId()).isEqualTo(PARENT);
        assertThat(ctx.flags()).isEqualTo(flags);
      }
    }
  }

  @Test
  void fields_areTheHeadersWritten() {
    assertThat(single.fields()).containsExactly("b3");
    assertThat(multi.fields())
        .containsExactly("X-B3-TraceId", "X-B3-SpanId", "X-B3-ParentSpanId", "X-B3-Sampled", "X-B3-Flags");
  }
}
