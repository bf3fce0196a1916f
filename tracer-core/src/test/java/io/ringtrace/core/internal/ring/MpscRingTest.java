/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.core.internal.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MpscRingTest {

  @Test
  void offer_whenFull_answersFalse_andKeepsWhatItHolds() {
    MpscRing<Integer> ring = new MpscRing<>(4);
    for (int i = 0; i < 4; i++) assertThat(ring.offer(i)).isTrue();

    assertThat(ring.offer(99)).isFalse();

    assertThat(drainAll(ring)).containsExactly(0, 1, 2, 3);
  }

  @Test
  void offerIndexed_answersConsecutiveIndices_andMinusOneWhenFull() {
    MpscRing<String> ring = new MpscRing<>(2);

    assertThat(ring.offerIndexed("a")).isEqualTo(0);
    assertThat(ring.offerIndexed("b")).isEqualTo(1);
    assertThat(ring.offerIndexed("c")).isEqualTo(-1);
    ring.relaxedPoll();
    assertThat(ring.offerIndexed("d")).isEqualTo(2);
  }

  @Test
  void drain_answersElementsInOfferOrder_upToTheLimit() {
    MpscRing<Integer> ring = new MpscRing<>(8);
    for (int i = 0; i < 6; i++) ring.offer(i);
    List<Integer> out = new ArrayList<>();

    assertThat(ring.drain(out::add, 4)).isEqualTo(4);
    assertThat(out).containsExactly(0, 1, 2, 3);
    assertThat(ring.drain(out::add, 4)).isEqualTo(2);
    assertThat(out).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void drain_emptyRing_answersZero() {
    MpscRing<Integer> ring = new MpscRing<>(8);

    assertThat(ring.drain(e -> {}, 8)).isZero();
    assertThat(ring.relaxedPoll()).isNull();
  }

  @Test
  void offerAndDrain_manyTimesAroundTheRing_loseAndRepeatNothing() {
    MpscRing<Integer> ring = new MpscRing<>(4);
    List<Integer> out = new ArrayList<>();
    int next = 0;

    for (int round = 0; round < 1000; round++) {
      int n = 1 + round % 4; // 1..4 per round: every offset of the wrap is crossed
      for (int i = 0; i < n; i++) assertThat(ring.offer(next++)).isTrue();
      ring.drain(out::add, 3);
      ring.drain(out::add, 3);
    }

    assertThat(out).hasSize(next);
    for (int i = 0; i < next; i++) assertThat(out.get(i)).isEqualTo(i);
    assertThat(ring.producerIndex()).isEqualTo(next);
    assertThat(ring.consumerIndex()).isEqualTo(next);
  }

  @Test
  void size_countsOfferedNotYetDrained() {
    MpscRing<Integer> ring = new MpscRing<>(8);
    for (int i = 0; i < 5; i++) ring.offer(i);
    ring.drain(e -> {}, 2);

    assertThat(ring.size()).isEqualTo(3);
    assertThat(ring.isEmpty()).isFalse();
    ring.drain(e -> {}, 8);
    assertThat(ring.size()).isZero();
    assertThat(ring.isEmpty()).isTrue();
  }

  @Test
  void drain_sinkThrows_elementIsTaken_andTheRestStayQueued() {
    MpscRing<Integer> ring = new MpscRing<>(4);
    ring.offer(1);
    ring.offer(2);

    assertThatThrownBy(
            () ->
                ring.drain(
                    e -> {
                      throw new IllegalStateException("sink");
                    },
                    4))
        .hasMessage("sink");

    assertThat(drainAll(ring)).containsExactly(2);
  }

  @Test
  void offer_null_throws() {
    MpscRing<Integer> ring = new MpscRing<>(2);

    assertThatThrownBy(() -> ring.offer(null)).isInstanceOf(NullPointerException.class);
    assertThat(ring.isEmpty()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "3", "6", "1000", "-4", "2147483647"})
  void constructor_rejectsCapacityNotAPowerOfTwoOrOutOfRange(int capacity) {
    assertThatThrownBy(() -> new MpscRing<>(capacity))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(capacity));
  }

  @ParameterizedTest
  @CsvSource({
    "-1, 2", "0, 2", "1, 2", "2, 2", "3, 4", "4, 4", "5, 8", "1000, 1024", "2048, 2048",
    "2049, 4096", "1073741824, 1073741824", "2147483647, 1073741824"
  })
  void roundToPowerOfTwo_answersTheSmallestPowerNotBelow(int requested, int expected) {
    assertThat(MpscRing.roundToPowerOfTwo(requested)).isEqualTo(expected);
  }

  private static <E> List<E> drainAll(MpscRing<E> ring) {
    List<E> out = new ArrayList<>();
    ring.drain(out::add, Integer.MAX_VALUE);
    return out;
  }
}
