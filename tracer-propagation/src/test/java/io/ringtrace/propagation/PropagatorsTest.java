/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PropagatorsTest {

  @Test
  void defaults_areW3CTraceContextAndBaggage() {
    TestCarrier carrier = new TestCarrier();
    Propagators.defaults().inject(Contexts.withBaggage("k", "v"), carrier, TestCarrier.SETTER);

    assertThat(carrier.keys()).containsExactly("traceparent", "baggage");
    assertThat(Propagators.defaults().fields()).containsExactly("traceparent", "tracestate", "baggage");
  }

  @Test
  void byName_knowsTheOtelPropagatorsNames() {
    assertThat(Propagators.byName("tracecontext")).isSameAs(W3CTraceContextPropagator.getInstance());
    assertThat(Propagators.byName("baggage")).isSameAs(W3CBaggagePropagator.getInstance());
    assertThat(Propagators.byName("b3")).isSameAs(B3Propagator.singleHeader());
    assertThat(Propagators.byName("b3multi")).isSameAs(B3Propagator.multiHeader());
    assertThat(Propagators.byName("jaeger")).isSameAs(JaegerPropagator.getInstance());
  }

  @Test
  void byName_ignoresCaseAndSurroundingWhitespace() {
    assertThat(Propagators.byName(" TraceContext ")).isSameAs(Propagators.traceContext());
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "xray", "ottrace", "", "b3 multi"})
  void byName_unknownName_givesNull(String name) {
    assertThat(Propagators.byName(name)).isNull();
  }

  @Test
  void byName_null_givesNull() {
    assertThat(Propagators.byName(null)).isNull();
  }

  @Test
  void composite_ofOne_isThatPropagator() {
    assertThat(Propagators.composite(Propagators.jaeger())).isSameAs(Propagators.jaeger());
  }

  @Test
  void composite_flattensNestedCompositesAndDropsRepeats() {
    Propagator p =
        Propagators.composite(Propagators.defaults(), Propagators.traceContext(), Propagators.jaeger());

    assertThat(p.fields()).containsExactly("traceparent", "tracestate", "baggage", "uber-trace-id");
    assertThat(((CompositePropagator) p).propagators()).hasSize(3);
  }

  @Test
  void composite_rejectsNullAndEmpty() {
    assertThatThrownBy(() -> Propagators.composite((Propagator[]) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Propagators.composite(Propagators.jaeger(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("propagators[1]");
    assertThatThrownBy(() -> Propagators.composite(Collections.emptyList()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void binary_isTheBinaryLayout() {
    assertThat(Propagators.binary()).isSameAs(BinaryPropagator.getInstance());
  }
}
