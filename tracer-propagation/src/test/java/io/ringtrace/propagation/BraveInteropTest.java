/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import static io.ringtrace.propagation.Contexts.HIGH;
import static io.ringtrace.propagation.Contexts.LOW;
import static io.ringtrace.propagation.Contexts.PARENT;
import static io.ringtrace.propagation.Contexts.SPAN;
import static org.assertj.core.api.Assertions.assertThat;

import brave.propagation.B3Propagation;
import brave.propagation.B3SingleFormat;
import brave.propagation.Propagation;
import brave.propagation.TraceContext;
import brave.propagation.TraceContextOrSamplingFlags;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both directions against Brave's B3 propagation (single and multi header). */
class BraveInteropTest {

  static final Propagation.Getter<Map<String, String>, String> GETTER =
      (carrier, key) -> {
        for (Map.Entry<String, String> e : carrier.entrySet()) {
          if (e.getKey().equalsIgnoreCase(key)) return e.getValue();
        }
        return null;
      };

  static Propagation<String> brave(B3Propagation.Format format) {
    return B3Propagation.newFactoryBuilder().injectFormat(format).build().get();
  }

  static Map<String, String> theirInject(B3Propagation.Format format, TraceContext ctx) {
    Map<String, String> carrier = new LinkedHashMap<>();
    brave(format).<Map<String, String>>injector(Map::put).inject(ctx, carrier);
    return carrier;
  }

  static TraceContextOrSamplingFlags theirExtract(Map<String, String> carrier) {
    return brave(B3Propagation.Format.MULTI).extractor(GETTER).extract(carrier);
  }

  static Map<String, String> ourInject(Propagator p, io.ringtrace.propagation.TraceContext ctx) {
    Map<String, String> carrier = new LinkedHashMap<>();
    p.inject(ctx, carrier, Map::put);
    return carrier;
  }

  static TraceContext.Builder braveContext() {
    return TraceContext.newBuilder().traceIdHigh(HIGH).traceId(LOW).spanId(SPAN).parentId(PARENT);
  }

  @Test
  void single_theyInject_weExtract() {
    Map<String, String> carrier =
        theirInject(B3Propagation.Format.SINGLE, braveContext().sampled(true).build());

    ExtractedContext ctx = Propagators.b3Single().extract(carrier.entrySet());

    assertThat(carrier).containsOnlyKeys("b3");
    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.parentSpanId()).isEqualTo(PARENT);
    assertThat(ctx.flags()).isEqualTo(TraceFlags.SAMPLED);
  }

  @Test
  void multi_theyInject_weExtract() {
    Map<String, String> carrier =
        theirInject(B3Propagation.Format.MULTI, braveContext().traceIdHigh(0).sampled(false).build());

    ExtractedContext ctx = Propagators.b3Multi().extract(carrier.entrySet());

    assertThat(ctx.traceIdHigh()).isZero();
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.parentSpanId()).isEqualTo(PARENT);
    assertThat(ctx.flags()).isZero();
  }

  @Test
  void debug_theyInject_weExtractDebug() {
    for (B3Propagation.Format format : B3Propagation.Format.values()) {
      Map<String, String> carrier = theirInject(format, braveContext().debug(true).build());

      assertThat(Propagators.b3Multi().extract(carrier.entrySet()).flags())
          .as(format.name())
          .isEqualTo(TraceFlags.DEBUG | TraceFlags.SAMPLED);
    }
  }

  @Test
  void noDecision_theyInject_weDefer() {
    Map<String, String> carrier = theirInject(B3Propagation.Format.MULTI, braveContext().build());

    assertThat(Propagators.b3Multi().extract(carrier.entrySet()).flags())
        .isEqualTo(TraceFlags.DEFERRED);
  }

  @Test
  void single_weInject_theyExtract() {
    Map<String, String> carrier = ourInject(Propagators.b3Single(), Contexts.context(TraceFlags.SAMPLED));

    TraceContext ctx = theirExtract(carrier).context();

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.traceId()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.parentId()).isEqualTo(PARENT);
    assertThat(ctx.sampled()).isTrue();
  }

  @Test
  void multi_weInject_theyExtract() {
    Map<String, String> carrier = ourInject(Propagators.b3Multi(), Contexts.context(0, LOW, SPAN, 0, 0));

    TraceContext ctx = theirExtract(carrier).context();

    assertThat(ctx.traceIdHigh()).isZero();
    assertThat(ctx.traceId()).isEqualTo(LOW);
    assertThat(ctx.parentId()).isNull();
    assertThat(ctx.sampled()).isFalse();
  }

  @Test
  void debug_weInject_theyExtractDebug() {
    for (Propagator p : new Propagator[] {Propagators.b3Single(), Propagators.b3Multi()}) {
      Map<String, String> carrier = ourInject(p, Contexts.context(TraceFlags.DEBUG | TraceFlags.SAMPLED));

      TraceContext ctx = theirExtract(carrier).context();

      assertThat(ctx.debug()).as(p.toString()).isTrue();
      assertThat(ctx.sampled()).isTrue();
    }
  }

  @Test
  void deferred_weInject_theyHaveNoDecision() {
    for (Propagator p : new Propagator[] {Propagators.b3Single(), Propagators.b3Multi()}) {
      Map<String, String> carrier = ourInject(p, Contexts.context(TraceFlags.DEFERRED));

      assertThat(theirExtract(carrier).context().sampled()).as(p.toString()).isNull();
    }
  }

  @Test
  void denyOnly_bothReadItAsNotSampled() {
    TraceContextOrSamplingFlags theirs = B3SingleFormat.parseB3SingleFormat("0");
    ExtractedContext ours = Propagators.b3Single().extract(TestCarrier.of("b3", "0"));

    assertThat(theirs.context()).isNull();
    assertThat(theirs.sampled()).isFalse();
    assertThat(ours.isSamplingOnly()).isTrue();
    assertThat(ours.sampled()).isFalse();
  }

  @Test
  void single_ourValueIsWhatBraveWrites() {
    TraceContext brave = braveContext().sampled(true).build();
    Map<String, String> carrier = ourInject(Propagators.b3Single(), Contexts.context(TraceFlags.SAMPLED));

    assertThat(carrier.get("b3")).isEqualTo(B3SingleFormat.writeB3SingleFormat(brave));
  }
}
