/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The composite: first valid context, merged baggage, other traces kept, every format written. */
class CompositePropagatorTest {

  static final String TP_A = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  static final String UBER_A = "0af7651916cd43dd8448eb211c80319c:00f067aa0ba902b7:0:1";
  static final String UBER_B = "1111111111111111:2222222222222222:0:1";
  static final String B3_C = "3333333333333333-4444444444444444-1";

  final Propagator mixed =
      Propagators.composite(Propagators.traceContext(), Propagators.baggage(), Propagators.jaeger());

  @Test
  void extract_takesTheFirstValidFormatInOrder() {
    ExtractedContext ctx =
        mixed.extract(TestCarrier.of("uber-trace-id", UBER_B, "traceparent", TP_A));

    assertThat(ctx.spanId()).isEqualTo(0xb7ad6b7169203331L);
  }

  @Test
  void extract_skipsAnInvalidFormat() {
    ExtractedContext ctx =
        mixed.extract(TestCarrier.of("traceparent", "garbage", "uber-trace-id", UBER_B));

    assertThat(ctx.spanId()).isEqualTo(0x2222222222222222L);
    assertThat(ctx.otherTraces()).isEmpty();
  }

  @Test
  void extract_differentTraceInAnotherFormat_isKeptAsOtherTrace() {
    ExtractedContext ctx =
        mixed.extract(TestCarrier.of("traceparent", TP_A, "uber-trace-id", UBER_B));

    assertThat(ctx.traceIdLow()).isEqualTo(0x8448eb211c80319cL);
    assertThat(ctx.otherTraces()).hasSize(1);
    TraceContext other = ctx.otherTraces().get(0);
    assertThat(other.traceIdLow()).isEqualTo(0x1111111111111111L);
    assertThat(other.spanId()).isEqualTo(0x2222222222222222L);
  }

  @Test
  void extract_sameTraceInAnotherFormat_isNoOtherTrace() {
    ExtractedContext ctx =
        mixed.extract(TestCarrier.of("traceparent", TP_A, "uber-trace-id", UBER_A));

    assertThat(ctx.otherTraces()).isEmpty();
  }

  @Test
  void extract_64BitIdOfTheSameTrace_isTheSameTrace() {
    Propagator p = Propagators.composite(Propagators.traceContext(), Propagators.b3Multi());
    ExtractedContext ctx =
        p.extract(
            TestCarrier.of(
                "traceparent", "00-00000000000000008448eb211c80319c-b7ad6b7169203331-01",
                "b3", "8448eb211c80319c-00f067aa0ba902b7-1"));

    assertThat(ctx.otherTraces()).isEmpty();
  }

  @Test
  void extract_eachOtherTraceIsKeptOnce() {
    Propagator p =
        Propagators.composite(Propagators.traceContext(), Propagators.jaeger(), Propagators.b3Multi());
    ExtractedContext ctx =
        p.extract(
            TestCarrier.of(
                "traceparent", TP_A,
                "uber-trace-id", UBER_B,
                "b3", "1111111111111111-5555555555555555-1",
                "x-b3-traceid", "3333333333333333"));

    assertThat(ctx.otherTraces()).hasSize(1);
  }

  @Test
  void extract_twoOtherTraces_areBothKept() {
    Propagator p =
        Propagators.composite(Propagators.traceContext(), Propagators.jaeger(), Propagators.b3Single());
    ExtractedContext ctx =
        p.extract(TestCarrier.of("traceparent", TP_A, "uber-trace-id", UBER_B, "b3", B3_C));

    assertThat(ctx.otherTraces())
        .extracting(TraceContext::traceIdLow)
        .containsExactly(0x1111111111111111L, 0x3333333333333333L);
  }

  @Test
  void extract_otherTraces_carryNoBaggage() {
    ExtractedContext ctx =
        mixed.extract(TestCarrier.of("traceparent", TP_A, "uber-trace-id", UBER_B, "uberctx-k", "v"));

    assertThat(ctx.otherTraces().get(0).baggage()).isEmpty();
    assertThat(ctx.baggage()).isEmpty();
  }

  @Test
  void extract_mergesBaggageOfTheBaggageFormat() {
    ExtractedContext ctx = mixed.extract(TestCarrier.of("traceparent", TP_A, "baggage", "k=v"));

    assertThat(ctx.baggage()).containsExactly(entry("k", "v"));
  }

  @Test
  void extract_mergesBaggageOfSameTraceFormats_firstFormatWins() {
    ExtractedContext ctx =
        mixed.extract(
            TestCarrier.of(
                "traceparent", TP_A,
                "uber-trace-id", UBER_A,
                "uberctx-shared", "from-jaeger",
                "uberctx-only", "jaeger",
                "baggage", "shared=from-w3c;p"));

    assertThat(ctx.baggage())
        .containsExactly(entry("shared", "from-w3c"), entry("only", "jaeger"));
  }

  @Test
  void extract_mergedBaggage_keepsProperties() {
    ExtractedContext ctx =
        mixed.extract(
            TestCarrier.of(
                "traceparent", TP_A, "uber-trace-id", UBER_A, "uberctx-j", "1", "baggage", "w=2;p"));
    TestCarrier out = new TestCarrier();
    Propagators.baggage().inject(ctx, out, TestCarrier.SETTER);

    assertThat(out.get("baggage")).isEqualTo("w=2;p,j=1");
  }

  @Test
  void extract_baggageWithoutTraceContext_givesABaggageOnlyContext() {
    ExtractedContext ctx = mixed.extract(TestCarrier.of("baggage", "k=v"));

    assertThat(ctx.isBaggageOnly()).isTrue();
    assertThat(ctx.baggage()).containsExactly(entry("k", "v"));
    assertThat(ctx.traceIdHigh() | ctx.traceIdLow() | ctx.spanId()).isZero();
    assertThat(ctx.otherTraces()).isEmpty();
  }

  @Test
  void extract_noHeaderOfAnyFormat_givesNoContext() {
    assertThat(mixed.extract(TestCarrier.of("other", "k=v"))).isNull();
    assertThat(mixed.extract(TestCarrier.of("baggage", "not a member"))).isNull();
  }

  @Test
  void extract_baggageOfSeveralFormatsWithoutTrace_isMergedFirstHolderWinning() {
    Propagator p =
        Propagators.composite(Propagators.traceContext(), Propagators.baggage(), Propagators.jaeger());

    ExtractedContext ctx =
        p.extract(TestCarrier.of("baggage", "a=w3c,b=w3c", "uberctx-b", "jaeger", "uberctx-c", "j"));

    assertThat(ctx.isBaggageOnly()).isTrue();
    assertThat(ctx.baggage()).containsOnly(entry("a", "w3c"), entry("b", "w3c"), entry("c", "j"));
  }

  @Test
  void extract_jaegerBaggageWithoutUberTraceId_joinsTheW3CTrace() {
    Propagator p = Propagators.composite(Propagators.traceContext(), Propagators.jaeger());

    ExtractedContext ctx = p.extract(TestCarrier.of("traceparent", TP_A, "uberctx-k", "v"));

    assertThat(ctx.isBaggageOnly()).isFalse();
    assertThat(ctx.spanId()).isEqualTo(0xb7ad6b7169203331L);
    assertThat(ctx.baggage()).containsExactly(entry("k", "v"));
    assertThat(ctx.otherTraces()).isEmpty();
  }

  @Test
  void extract_jaegerDebugIdAlone_nextToAW3CTrace_changesNothing() {
    Propagator p = Propagators.composite(Propagators.traceContext(), Propagators.jaeger());

    ExtractedContext ctx = p.extract(TestCarrier.of("traceparent", TP_A, "jaeger-debug-id", "x"));

    assertThat(ctx.jaegerDebugId()).isNull();
    assertThat(ctx.flags() & TraceFlags.DEBUG).isZero();
  }

  @Test
  void extract_samplingOnly_yieldsToARealContext() {
    Propagator p = Propagators.composite(Propagators.b3Single(), Propagators.traceContext());
    ExtractedContext ctx = p.extract(TestCarrier.of("b3", "0", "traceparent", TP_A));

    assertThat(ctx.isSamplingOnly()).isFalse();
    assertThat(ctx.spanId()).isEqualTo(0xb7ad6b7169203331L);
    assertThat(ctx.otherTraces()).isEmpty();
  }

  @Test
  void extract_samplingOnly_aloneIsKept() {
    Propagator p = Propagators.composite(Propagators.b3Single(), Propagators.traceContext());

    assertThat(p.extract(TestCarrier.of("b3", "0")).isSamplingOnly()).isTrue();
  }

  @Test
  void extract_readsTheCarrierOnce() {
    AtomicInteger passes = new AtomicInteger();
    TestCarrier carrier = TestCarrier.of("traceparent", TP_A, "baggage", "k=v", "uber-trace-id", UBER_B);
    Iterable<Map.Entry<String, String>> counting =
        () -> {
          passes.incrementAndGet();
          return carrier.iterator();
        };

    assertThat(mixed.extract(counting)).isNotNull();
    assertThat(passes).hasValue(1);
  }

  @Test
  void extract_foreignPropagator_isAskedToo() {
    Propagator foreign = new FixedPropagator(Contexts.context(0, 7, 8, 0, 1));
    Propagator p = Propagators.composite(Propagators.traceContext(), foreign);

    ExtractedContext ctx = p.extract(TestCarrier.of("traceparent", TP_A));

    assertThat(ctx.otherTraces()).extracting(TraceContext::traceIdLow).containsExactly(7L);
  }

  @Test
  void foreignPropagatorThatThrows_doesNotStopTheOthers() {
    Propagator broken =
        new FixedPropagator(null) {
          @Override
          public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
            throw new IllegalStateException("broken");
          }

          @Override
          public ExtractedContext extract(Iterable<? extends Map.Entry<String, String>> carrier) {
            throw new IllegalStateException("broken");
          }
        };
    Propagator p = Propagators.composite(broken, Propagators.traceContext());
    TestCarrier out = new TestCarrier();

    p.inject(Contexts.context(1), out, TestCarrier.SETTER);

    assertThat(out.keys()).containsExactly("traceparent");
    assertThat(p.extract(out)).isNotNull();
  }

  @Test
  void extract_nothingValid_givesNull() {
    assertThat(mixed.extract(TestCarrier.of("traceparent", "x", "uber-trace-id", "y"))).isNull();
    assertThat(mixed.extract(null)).isNull();
  }

  @Test
  void inject_writesEveryFormat() {
    TestCarrier carrier = new TestCarrier();
    mixed.inject(Contexts.withBaggage("k", "v"), carrier, TestCarrier.SETTER);

    assertThat(carrier.keys()).containsExactly("traceparent", "baggage", "uber-trace-id", "uberctx-k");
  }

  @Test
  void fields_areTheUnionInOrder() {
    Propagator p =
        Propagators.composite(Propagators.traceContext(), Propagators.baggage(), Propagators.b3Single());

    assertThat(p.fields()).containsExactly("traceparent", "tracestate", "baggage", "b3");
  }

  /** A propagator of another kind: no HeaderReader. */
  static class FixedPropagator implements Propagator {
    final ExtractedContext ctx;

    FixedPropagator(ExtractedContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public List<String> fields() {
      return Collections.singletonList("fixed");
    }

    @Override
    public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
      setter.set(carrier, "fixed", "1");
    }

    @Override
    public ExtractedContext extract(Iterable<? extends Map.Entry<String, String>> carrier) {
      return ctx;
    }
  }
}
