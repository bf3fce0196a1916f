/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codecs that build a header in their thread's scratch buffer ({@code Hex.scratch()}): every
 * header they hand out is its own copy, also when the carrier's setter injects again.
 */
class HeaderScratchTest {

  static final ExtractedContext FIRST =
      Contexts.context(0x1111111111111111L, 0x2222222222222222L, 0x3333333333333333L, 0, 1);
  static final ExtractedContext SECOND =
      Contexts.context(0, 0xaaaaaaaaaaaaaaaaL, 0xbbbbbbbbbbbbbbbbL, 0xccccccccccccccccL, 0);

  static Stream<Arguments> codecs() {
    return Stream.of(
        Arguments.of(Propagators.traceContext(), "traceparent"),
        Arguments.of(Propagators.b3Single(), "b3"),
        Arguments.of(Propagators.b3Multi(), "X-B3-TraceId"),
        Arguments.of(Propagators.jaeger(), "uber-trace-id"));
  }

  static String header(Propagator propagator, TraceContext context, String name) {
    TestCarrier carrier = new TestCarrier();
    propagator.inject(context, carrier, TestCarrier.SETTER);
    return carrier.get(name);
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void inject_twoContextsInARow_leavesTheFirstHeaderAsItWas(Propagator propagator, String name) {
    String first = header(propagator, FIRST, name);
    String copy = new String(first.toCharArray());

    header(propagator, SECOND, name);

    assertThat(first).isEqualTo(copy);
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void inject_fromASetterThatInjectsAgain_writesBothHeadersWhole(
      Propagator propagator, String name) {
    TestCarrier inner = new TestCarrier();
    TestCarrier outer = new TestCarrier();
    Propagator.Setter<TestCarrier> reentrant =
        (carrier, key, value) -> {
          if (inner.size() == 0) propagator.inject(SECOND, inner, TestCarrier.SETTER);
          carrier.add(key, value);
        };

    propagator.inject(FIRST, outer, reentrant);

    assertThat(outer.get(name)).isEqualTo(header(propagator, FIRST, name));
    assertThat(inner.get(name)).isEqualTo(header(propagator, SECOND, name));
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void inject_onManyThreads_givesEachItsOwnHeader(Propagator propagator, String name)
      throws InterruptedException {
    String[] seen = new String[2];
    Thread a = new Thread(() -> seen[0] = header(propagator, FIRST, name));
    Thread b = new Thread(() -> seen[1] = header(propagator, SECOND, name));
    a.start();
    b.start();
    a.join();
    b.join();

    assertThat(seen[0]).isEqualTo(header(propagator, FIRST, name));
    assertThat(seen[1]).isEqualTo(header(propagator, SECOND, name));
  }
}
