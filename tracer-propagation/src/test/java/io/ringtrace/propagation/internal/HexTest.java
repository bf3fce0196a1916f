/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The table and arithmetic tricks of {@link Hex} against the JDK's own hex conversion, over
 * every nibble in every position, every character of the BMP and a few thousand random values.
 */
class HexTest {

  static final long[] EDGES = {
    0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0123456789abcdefL, 0xfedcba9876543210L,
    0x9999999999999999L, 0xaaaaaaaaaaaaaaaaL, 0x00f067aa0ba902b7L, 0x4bf92f3577b34da6L
  };

  static String hex16(long v) {
    return String.format("%016x", v);
  }

  static long[] samples() {
    SplittableRandom random = new SplittableRandom(42);
    long[] values = new long[EDGES.length + 16 * 16 + 5000];
    int n = 0;
    for (long v : EDGES) values[n++] = v;
    for (int position = 0; position < 16; position++) {
      for (long nibble = 0; nibble < 16; nibble++) values[n++] = nibble << (4 * position);
    }
    while (n < values.length) values[n++] = random.nextLong();
    return values;
  }

  @Test
  void writeBytes_givesTheDigitsOfLongToHexString() {
    for (long v : samples()) {
      byte[] out = new byte[20];
      Hex.write(v, out, 2);
      assertThat(new String(out, 2, 16, ISO_8859_1)).as(hex16(v)).isEqualTo(hex16(v));
    }
  }

  @Test
  void writeBytes_touchesOnlyItsSixteenBytes() {
    byte[] out = "<<xxxxxxxxxxxxxxxx>>".getBytes(ISO_8859_1);
    Hex.write(-1L, out, 2);

    assertThat(new String(out, ISO_8859_1)).isEqualTo("<<ffffffffffffffff>>");
  }

  @Test
  void writeBytes_andWriteChars_agree() {
    for (long v : samples()) {
      byte[] bytes = new byte[16];
      char[] chars = new char[16];
      Hex.write(v, bytes, 0);
      Hex.write(v, chars, 0);
      assertThat(new String(bytes, ISO_8859_1)).isEqualTo(new String(chars));
    }
  }

  @Test
  void writeByte_givesTwoDigitsOfTheLowByte() {
    for (int b = 0; b < 256; b++) {
      byte[] out = new byte[2];
      Hex.writeByte(b | 0x300, out, 0);
      assertThat(new String(out, ISO_8859_1)).isEqualTo(String.format("%02x", b));
    }
  }

  @Test
  void traceIdAndSpanId_areLowerHexOfFixedLength() {
    assertThat(Hex.traceId(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(Hex.spanId(0xb7L)).isEqualTo("00000000000000b7");
  }

  @Test
  void traceIdAndSpanId_handedOutEarlier_doNotChangeWithLaterCalls() {
    String trace = Hex.traceId(0x1111111111111111L, 0x2222222222222222L);
    String span = Hex.spanId(0x3333333333333333L);

    Hex.traceId(-1L, -1L);
    Hex.spanId(-1L);

    assertThat(trace).isEqualTo("11111111111111112222222222222222");
    assertThat(span).isEqualTo("3333333333333333");
  }

  @Test
  void scratch_isOneBufferPerThread() throws InterruptedException {
    byte[][] other = new byte[1][];
    Thread thread = new Thread(() -> other[0] = Hex.scratch());
    thread.start();
    thread.join();

    assertThat(Hex.scratch()).hasSize(Hex.SCRATCH_LENGTH).isSameAs(Hex.scratch());
    assertThat(other[0]).isNotSameAs(Hex.scratch());
  }

  @Test
  void parseLowerHex8_readsBackWhatWasWritten() {
    for (long v : samples()) {
      byte[] ascii = ("-" + hex16(v) + "-").getBytes(ISO_8859_1);
      long high = Hex.parseLowerHex8(ascii, 1);
      long low = Hex.parseLowerHex8(ascii, 9);
      assertThat(high << 32 | low).as(hex16(v)).isEqualTo(v);
    }
  }

  @Test
  void parseLowerHex8_everyByteButLowerHexDigits_isInvalid_inEveryPosition() {
    for (int b = 0; b < 256; b++) {
      boolean digit = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f');
      for (int position = 0; position < 8; position++) {
        for (String around : new String[] {"00000000", "ffffffff", "9a9a9a9a"}) {
          byte[] ascii = around.getBytes(ISO_8859_1);
          ascii[position] = (byte) b;
          long parsed = Hex.parseLowerHex8(ascii, 0);
          if (digit) {
            assertThat(parsed).as("0x%02x at %d in %s", b, position, around).isNotNegative();
          } else {
            assertThat(parsed).as("0x%02x at %d in %s", b, position, around).isEqualTo(-1);
          }
        }
      }
    }
  }

  @Test
  void parseLowerHex8_agreesWithLongParseLong_onEveryDigitInEveryPosition() {
    String digits = "0123456789abcdef";
    for (int position = 0; position < 8; position++) {
      for (int d = 0; d < 16; d++) {
        char[] chars = "5a5a5a5a".toCharArray();
        chars[position] = digits.charAt(d);
        String s = new String(chars);
        assertThat(Hex.parseLowerHex8(s.getBytes(ISO_8859_1), 0))
            .as(s)
            .isEqualTo(Long.parseLong(s, 16));
      }
    }
  }

  @Test
  void parseLowerHex8OfString_readsBackWhatWasWritten() {
    for (long v : samples()) {
      String s = "-" + hex16(v) + "-";
      assertThat(Hex.parseLowerHex8(s, 1) << 32 | Hex.parseLowerHex8(s, 9)).as(s).isEqualTo(v);
    }
  }

  @Test
  void parseLowerHex8OfString_everyCharacterButLowerHexDigits_isInvalid_inEveryPosition() {
    List<String> wrong = new ArrayList<>();
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      boolean digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      for (int position = 0; position < 8; position++) {
        char[] chars = "9a9a9a9a".toCharArray();
        chars[position] = (char) c;
        long parsed = Hex.parseLowerHex8(new String(chars), 0);
        if (digit != (parsed >= 0) || (!digit && parsed != -1)) {
          wrong.add(String.format("U+%04x at %d: %d", c, position, parsed));
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void parseLowerHex8OfString_agreesWithTheByteParser() {
    for (long v : samples()) {
      String s = hex16(v);
      assertThat(Hex.parseLowerHex8(s, 4)).isEqualTo(Hex.parseLowerHex8(s.getBytes(ISO_8859_1), 4));
    }
  }

  @Test
  void parseLowerHex2_readsEveryByteValue_andRejectsEveryOtherPair() {
    for (int v = 0; v < 256; v++) {
      assertThat(Hex.parseLowerHex2(String.format("%02x", v).getBytes(ISO_8859_1), 0)).isEqualTo(v);
    }
    for (int b = 0; b < 256; b++) {
      boolean digit = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f');
      if (digit) continue;
      assertThat(Hex.parseLowerHex2(new byte[] {(byte) b, '0'}, 0)).as("0x%02x", b).isEqualTo(-1);
      assertThat(Hex.parseLowerHex2(new byte[] {'0', (byte) b}, 0)).as("0x%02x", b).isEqualTo(-1);
    }
  }

  @Test
  void parseHex8_readsNoneToEightDigitsOfEitherCase() {
    for (long v : samples()) {
      String lower = "-" + hex16(v);
      for (int length = 0; length <= 8; length++) {
        String digits = lower.substring(1, 1 + length);
        long expected = length == 0 ? 0 : Long.parseLong(digits, 16);
        assertThat(Hex.parseHex8(lower.getBytes(ISO_8859_1), 1, 1 + length))
            .as(digits)
            .isEqualTo(expected);
        String upper = lower.toUpperCase(Locale.ROOT);
        assertThat(Hex.parseHex8(upper.getBytes(ISO_8859_1), 1, 1 + length))
            .as(upper)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void parseHex8_moreThanEightDigits_isInvalid() {
    assertThat(Hex.parseHex8("000000001".getBytes(ISO_8859_1), 0, 9)).isEqualTo(-1);
  }

  @Test
  void parseHex8_everyByteButHexDigits_isInvalid_inEveryPositionAndLength() {
    List<String> wrong = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      boolean digit =
          (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
      for (int length = 1; length <= 8; length++) {
        for (int position = 0; position < length; position++) {
          for (String around : new String[] {"Fa9Fa9Fa", "00000000", "ffffffff", "FFFFFFFF"}) {
            byte[] ascii = around.substring(0, length).getBytes(ISO_8859_1);
            ascii[position] = (byte) b;
            long parsed = Hex.parseHex8(ascii, 0, length);
            if (digit != (parsed >= 0) || (!digit && parsed != -1)) {
              wrong.add(String.format("0x%02x at %d of %s: %d", b, position, around, parsed));
            }
          }
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void isLowerHexAndIsHex_acceptOnlyTheirDigits_amongAllCharacters() {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      boolean lower = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      boolean any = lower || (c >= 'A' && c <= 'F');
      String s = "ab" + (char) c + "01";
      assertThat(Hex.isLowerHex(s, 0, 5)).as("U+%04x", c).isEqualTo(lower);
      assertThat(Hex.isHex(s, 0, 5)).as("U+%04x", c).isEqualTo(any);
    }
  }

  @Test
  void parseUnchecked_readsBothCases() {
    for (long v : samples()) {
      String lower = hex16(v);
      assertThat(Hex.parseUnchecked(lower, 0, 16)).isEqualTo(v);
      assertThat(Hex.parseUnchecked(lower.toUpperCase(Locale.ROOT), 0, 16)).isEqualTo(v);
    }
  }
}
