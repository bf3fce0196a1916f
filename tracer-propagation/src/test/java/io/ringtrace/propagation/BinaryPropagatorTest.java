/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import static io.ringtrace.propagation.Contexts.HIGH;
import static io.ringtrace.propagation.Contexts.LOW;
import static io.ringtrace.propagation.Contexts.SPAN;
import static io.ringtrace.propagation.Contexts.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The binary layout: documented fields, exact lengths, hostile input refused. */
class BinaryPropagatorTest {

  final BinaryPropagator binary = BinaryPropagator.getInstance();

  ByteBuffer encode(TraceContext ctx) {
    ByteBuffer buffer = ByteBuffer.allocate(binary.encodedLength(ctx));
    assertThat(binary.inject(ctx, buffer)).isTrue();
    assertThat(buffer.remaining()).isZero(); // encodedLength is exact
    buffer.flip();
    return buffer;
  }

  @Test
  void layout_isVersionIdsFlagsAndBaggage() {
    ByteBuffer b = encode(Contexts.withBaggage("k", "v\u00e9"));

    assertThat(b.get(0)).isEqualTo((byte) 0);
    assertThat(b.getLong(1)).isEqualTo(HIGH);
    assertThat(b.getLong(9)).isEqualTo(LOW);
    assertThat(b.getLong(17)).isEqualTo(SPAN);
    assertThat(b.getInt(25)).isEqualTo(TraceFlags.SAMPLED);
    assertThat(b.getShort(29)).isEqualTo((short) 1);
    assertThat(b.getShort(31)).isEqualTo((short) 1);
    assertThat(b.get(33)).isEqualTo((byte) 'k');
    assertThat(b.getShort(34)).isEqualTo((short) 3);
    assertThat(new String(b.array(), 36, 3, StandardCharsets.UTF_8)).isEqualTo("v\u00e9");
    assertThat(b.limit()).isEqualTo(39);
  }

  @Test
  void roundTrip_keepsIdsFlagsAndBaggage() {
    ExtractedContext ctx =
        binary.extract(encode(Contexts.withBaggage("k", "v", "emoji", "\ud83d\ude00", "", "")));

    assertThat(ctx.traceIdHigh()).isEqualTo(HIGH);
    assertThat(ctx.traceIdLow()).isEqualTo(LOW);
    assertThat(ctx.spanId()).isEqualTo(SPAN);
    assertThat(ctx.flags()).isEqualTo(TraceFlags.SAMPLED);
    assertThat(ctx.baggage())
        .containsExactly(entry("k", "v"), entry("emoji", "\ud83d\ude00"), entry("", ""));
  }

  @Test
  void roundTrip_keepsDebugAndDeferred() {
    int flags = TraceFlags.DEBUG | TraceFlags.DEFERRED | 0x01;
    assertThat(binary.extract(encode(Contexts.context(flags))).flags()).isEqualTo(flags);
  }

  @Test
  void inject_unknownFlagBits_areNotWritten() {
    assertThat(encode(Contexts.context(0x7000_0001)).getInt(25)).isEqualTo(1);
  }

  @Test
  void inject_unpairedSurrogate_isWrittenAsTheReplacementCharacter() {
    assertThat(binary.extract(encode(Contexts.withBaggage("k", "a\udc00b"))).baggage())
        .containsExactly(entry("k", "a\ufffdb"));
  }

  @Test
  void inject_baggageBeyondTheLimit_dropsWholeItems() {
    String big = repeat('x', BinaryPropagator.MAX_LENGTH);
    ByteBuffer b = encode(Contexts.withBaggage("a", "1", "big", big, "c", "3"));

    assertThat(b.limit()).isLessThanOrEqualTo(BinaryPropagator.MAX_LENGTH);
    assertThat(binary.extract(b).baggage()).containsExactly(entry("a", "1"), entry("c", "3"));
  }

  @Test
  void inject_bufferTooSmall_writesNothing() {
    ByteBuffer buffer = ByteBuffer.allocate(10);

    assertThat(binary.inject(Contexts.context(1), buffer)).isFalse();
    assertThat(buffer.position()).isZero();
  }

  @Test
  void inject_readOnlyOrNull_answersFalse() {
    assertThat(binary.inject(Contexts.context(1), ByteBuffer.allocate(64).asReadOnlyBuffer())).isFalse();
    assertThat(binary.inject(null, ByteBuffer.allocate(64))).isFalse();
    assertThat(binary.inject(Contexts.context(1), null)).isFalse();
  }

  @Test
  void extract_directBuffer_isRead() {
    ByteBuffer heap = encode(Contexts.withBaggage("k", "v"));
    ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining());
    direct.put(heap).flip();

    assertThat(binary.extract(direct).baggage()).containsExactly(entry("k", "v"));
  }

  @Test
  void extract_movesThePositionPastTheRecordOnly() {
    ByteBuffer record = encode(Contexts.context(1));
    ByteBuffer b = ByteBuffer.allocate(record.remaining() + 5);
    b.put(record).put(new byte[] {9, 9, 9, 9, 9}).flip();

    assertThat(binary.extract(b)).isNotNull();
    assertThat(b.remaining()).isEqualTo(5);
  }

  @Test
  void extract_truncatedAtEveryLength_givesNullAndKeepsThePosition() {
    ByteBuffer full = encode(Contexts.withBaggage("key", "value", "k2", "v2"));
    for (int length = 0; length < full.limit(); length++) {
      ByteBuffer cut = ByteBuffer.wrap(full.array(), 0, length);

      assertThat(binary.extract(cut)).as("length %d", length).isNull();
      assertThat(cut.position()).isZero();
    }
  }

  @Test
  void extract_otherVersion_givesNull() {
    ByteBuffer b = encode(Contexts.context(1));
    b.put(0, (byte) 1);

    assertThat(binary.extract(b)).isNull();
  }

  @Test
  void extract_zeroIds_giveNull() {
    ByteBuffer b = encode(Contexts.context(1));
    b.putLong(1, 0).putLong(9, 0);
    assertThat(binary.extract(b)).isNull();

    ByteBuffer c = encode(Contexts.context(1));
    c.putLong(17, 0);
    assertThat(binary.extract(c)).isNull();
  }

  @Test
  void extract_hostileItemCount_givesNullWithoutAllocatingForIt() {
    ByteBuffer b = encode(Contexts.context(1));
    b.putShort(29, (short) 0xffff);

    assertThat(binary.extract(b)).isNull();
  }

  @Test
  void extract_lengthPastTheEnd_givesNull() {
    ByteBuffer b = encode(Contexts.withBaggage("k", "v"));
    b.putShort(34, (short) 0x7fff);

    assertThat(binary.extract(b)).isNull();
  }

  @Test
  void extract_invalidUtf8_becomesTheReplacementCharacter() {
    ByteBuffer b = encode(Contexts.withBaggage("k", "v"));
    b.put(36, (byte) 0xff);

    assertThat(binary.extract(b).baggage()).containsExactly(entry("k", "\ufffd"));
  }

  @Test
  void extract_unknownFlagBits_areIgnored() {
    ByteBuffer b = encode(Contexts.context(1));
    b.putInt(25, 0xffff_ffff);

    assertThat(binary.extract(b).flags())
        .isEqualTo(TraceFlags.W3C_MASK | TraceFlags.DEBUG | TraceFlags.DEFERRED);
  }

  @Test
  void extract_repeatedKey_keepsTheLastValue() {
    ByteBuffer b = ByteBuffer.allocate(64);
    b.put((byte) 0).putLong(1).putLong(2).putLong(3).putInt(1).putShort((short) 2);
    b.putShort((short) 1).put((byte) 'k').putShort((short) 1).put((byte) 'a');
    b.putShort((short) 1).put((byte) 'k').putShort((short) 1).put((byte) 'b');
    b.flip();

    assertThat(binary.extract(b).baggage()).containsExactly(entry("k", "b"));
  }

  @Test
  void extract_recordsLongerThanTheLimit_areNotRead() {
    ByteBuffer b = ByteBuffer.allocate(BinaryPropagator.MAX_LENGTH + 100);
    b.put((byte) 0).putLong(1).putLong(2).putLong(3).putInt(1).putShort((short) 1);
    b.putShort((short) 1).put((byte) 'k').putShort((short) (BinaryPropagator.MAX_LENGTH));
    b.position(0);

    assertThat(binary.extract(b)).isNull();
  }

  @Test
  void extract_null_givesNull() {
    assertThat(binary.extract(null)).isNull();
  }

  @Test
  void encodedLength_ofNull_isZero() {
    assertThat(binary.encodedLength(null)).isZero();
  }
}
