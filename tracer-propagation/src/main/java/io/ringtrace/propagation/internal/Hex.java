/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Lower-case hex encoding and strict decoding of ids. Internal, not for public use.
 *
 * <p>Ids are random, so every digit is as likely to be a letter as a number: a branch per digit
 * would be mispredicted about half the time, and a loop over the characters costs several cycles
 * per digit. Decoding therefore checks and converts eight digits at once with a few arithmetic
 * operations on a {@code long} holding their ASCII bytes (SWAR), and encoding does the reverse;
 * the character-at-a-time checks left here look digits up in a table instead of branching.
 * Nothing here allocates except the methods that return a {@code String} (and, once per thread,
 * the {@link #scratch()} buffer), and nothing throws on hostile input.
 */
public final class Hex {

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  // Eight ASCII bytes stored with one write; big-endian so that the first digit comes first.
  private static final VarHandle LONG_BIG_ENDIAN =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  // Digit value by character (0-127), -1 for a character that is not a digit of that alphabet.
  private static final byte[] LOWER_VALUES = values(false);
  private static final byte[] ANY_CASE_VALUES = values(true);

  /** The longest header {@link #scratch()} can hold. */
  public static final int SCRATCH_LENGTH = 128;

  // Headers are built here, then copied into their String (which cannot take over an array). The
  // buffer is only used between those two steps, with no call out in between, so a carrier's
  // setter that injects again on the same thread cannot find it half-written.
  private static final ThreadLocal<byte[]> SCRATCH =
      ThreadLocal.withInitial(() -> new byte[SCRATCH_LENGTH]);

  private Hex() {}

  private static byte[] values(boolean upperToo) {
    byte[] t = new byte[128];
    for (int c = 0; c < 128; c++) {
      int v = -1;
      if (c >= '0' && c <= '9') v = c - '0';
      if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
      if (upperToo && c >= 'A' && c <= 'F') v = c - 'A' + 10;
      t[c] = (byte) v;
    }
    return t;
  }

  /** 32 lower-case hex characters for a 128-bit id. */
  public static String traceId(long high, long low) {
    byte[] out = scratch();
    write(high, out, 0);
    write(low, out, 16);
    return ascii(out, 32);
  }

  /** 16 lower-case hex characters. */
  public static String spanId(long id) {
    byte[] out = scratch();
    write(id, out, 0);
    return ascii(out, 16);
  }

  /**
   * This thread's buffer of {@value #SCRATCH_LENGTH} bytes for building a header: fill it, then
   * take the header with {@link #ascii(byte[], int)} before calling anything else.
   */
  public static byte[] scratch() {
    return SCRATCH.get();
  }

  /**
   * A string of the first {@code length} ASCII bytes of {@code out}: a plain copy (a Latin-1
   * string is stored as its bytes), where {@code new String(char[])} would have to compress.
   */
  public static String ascii(byte[] out, int length) {
    return new String(out, 0, length, StandardCharsets.ISO_8859_1);
  }

  /** Writes 16 lower-case hex characters of {@code v} into {@code out} at {@code offset}. */
  public static void write(long v, byte[] out, int offset) {
    LONG_BIG_ENDIAN.set(out, offset, digits8((int) (v >>> 32)));
    LONG_BIG_ENDIAN.set(out, offset + 8, digits8((int) v));
  }

  /** Writes 2 lower-case hex characters of the low byte of {@code b}. */
  public static void writeByte(int b, byte[] out, int offset) {
    out[offset] = (byte) DIGITS[(b >> 4) & 0xf];
    out[offset + 1] = (byte) DIGITS[b & 0xf];
  }

  /** The 8 lower-case hex digits of {@code v} as ASCII bytes, the first digit in the top byte. */
  static long digits8(int v) {
    // Spread the eight nibbles into the eight bytes: 0x1234abcd -> 0x010203040a0b0c0d.
    long x = v & 0xffffffffL;
    x = (x | (x << 16)) & 0x0000ffff0000ffffL;
    x = (x | (x << 8)) & 0x00ff00ff00ff00ffL;
    x = (x | (x << 4)) & 0x0f0f0f0f0f0f0f0fL;
    // Bit 4 of n + 6 is set exactly when the nibble n is 10 or more: those become letters, 'a'
    // being 0x27 above '0' + 10. No byte ever carries into the next (all sums stay below 0x80).
    long letters = ((x + 0x0606060606060606L) >>> 4) & 0x0101010101010101L;
    return x + 0x3030303030303030L + letters * 0x27;
  }

  /** Writes 16 lower-case hex characters of {@code v} into {@code out} at {@code offset}. */
  public static void write(long v, char[] out, int offset) {
    for (int i = 15; i >= 0; i--) {
      out[offset + i] = DIGITS[(int) (v & 0xf)];
      v >>>= 4;
    }
  }

  /** Writes 2 lower-case hex characters of the low byte of {@code b}. */
  public static void writeByte(int b, char[] out, int offset) {
    out[offset] = DIGITS[(b >> 4) & 0xf];
    out[offset + 1] = DIGITS[b & 0xf];
  }

  /** The digit's value, or -1; no branch (see the class documentation). */
  private static int digit(byte[] values, char c) {
    // (0x7f - c) >> 31 is -1 exactly for characters beyond ASCII, which the masked index would
    // otherwise alias onto ASCII ones.
    return values[c & 0x7f] | ((0x7f - c) >> 31);
  }

  /**
   * The value of the 8 lower-case hex digits at {@code ascii[offset]}, checked and converted 8 at
   * a time (bytes of any value may come in; only {@code 0-9} and {@code a-f} are digits).
   *
   * @return the value (0 to 2^32-1), or {@code -1} when a byte is not a lower-case hex digit
   * @throws IndexOutOfBoundsException unless 8 bytes follow {@code offset}
   */
  public static long parseLowerHex8(byte[] ascii, int offset) {
    return parseLowerHex8((long) LONG_BIG_ENDIAN.get(ascii, offset));
  }

  /**
   * The value of the 8 lower-case hex digits at {@code s.charAt(offset)}, checked and converted 8
   * at a time like {@link #parseLowerHex8(byte[], int)}, without copying the string.
   *
   * @return the value (0 to 2^32-1), or {@code -1} when a character is not a lower-case hex digit
   * @throws IndexOutOfBoundsException unless 8 characters follow {@code offset}
   */
  public static long parseLowerHex8(String s, int offset) {
    // Fixed offsets: the JIT checks the string's bounds once for the eight reads.
    int c0 = s.charAt(offset);
    int c1 = s.charAt(offset + 1);
    int c2 = s.charAt(offset + 2);
    int c3 = s.charAt(offset + 3);
    int c4 = s.charAt(offset + 4);
    int c5 = s.charAt(offset + 5);
    int c6 = s.charAt(offset + 6);
    int c7 = s.charAt(offset + 7);
    if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) > 0x7f) return -1;
    long x =
        (long) c0 << 56
            | (long) c1 << 48
            | (long) c2 << 40
            | (long) c3 << 32
            | (long) c4 << 24
            | c5 << 16
            | c6 << 8
            | c7;
    return parseLowerHex8(x);
  }

  /**
   * The value of the 1 to 8 hex digits of either case at {@code ascii[from, to)}, checked and
   * converted 8 at a time (shorter runs are padded with leading zeros); {@code 0} for an empty
   * range. Bytes of any value may come in; only {@code 0-9}, {@code a-f} and {@code A-F} are
   * digits.
   *
   * @return the value (0 to 2^32-1), or {@code -1} when a byte is not a hex digit or the range
   *     is longer than 8
   */
  public static long parseHex8(byte[] ascii, int from, int to) {
    long x;
    if (to - from == 8) {
      x = (long) LONG_BIG_ENDIAN.get(ascii, from);
    } else if (to - from < 8) {
      x = 0x3030303030303030L; // eight '0'
      for (int i = from; i < to; i++) x = x << 8 | (ascii[i] & 0xff);
    } else {
      return -1;
    }
    // 'A'-'F' become 'a'-'f': for a byte b below 0x80, bit 7 of b + 0x3f is set from 'A' on, of
    // b + 0x39 from 'G' on (bytes from 0x80 up fail in parseLowerHex8 whatever happens here).
    long upper = (x + 0x3f3f3f3f3f3f3f3fL) & ~(x + 0x3939393939393939L) & ~x & 0x8080808080808080L;
    return parseLowerHex8(x | (upper >>> 2));
  }

  /** The value of 8 ASCII bytes (the first in the top byte) read as lower-case hex, or -1. */
  private static long parseLowerHex8(long x) {
    // For a byte b below 0x80, bit 7 of b + 0x50 is set from '0' on, of b + 0x46 from ':' on, of
    // b + 0x1f from 'a' on, of b + 0x19 from 'g' on, and no sum carries into the next byte. A
    // byte from 0x80 up fails on its own bit 7 (~x), whatever its carry does to its neighbour.
    long digits = (x + 0x5050505050505050L) & ~(x + 0x4646464646464646L);
    long letters = (x + 0x1f1f1f1f1f1f1f1fL) & ~(x + 0x1919191919191919L);
    if (((digits | letters) & ~x & 0x8080808080808080L) != 0x8080808080808080L) return -1;
    // '0'-'9' end in their value; 'a'-'f' end in 1-6 and have bit 6 set: add 9.
    long n = (x & 0x0f0f0f0f0f0f0f0fL) + ((x >>> 6) & 0x0101010101010101L) * 9;
    // Gather the eight nibbles, one per byte, into 32 bits, the first digit on top.
    n = (n | (n >>> 4)) & 0x00ff00ff00ff00ffL;
    n = (n | (n >>> 8)) & 0x0000ffff0000ffffL;
    return (n | (n >>> 16)) & 0xffffffffL;
  }

  /**
   * The value of the 2 lower-case hex digits at {@code ascii[offset]}.
   *
   * @return 0 to 255, or {@code -1} when a byte is not a lower-case hex digit
   */
  public static int parseLowerHex2(byte[] ascii, int offset) {
    int b0 = ascii[offset];
    int b1 = ascii[offset + 1];
    // A byte from 0x80 up is negative: its sign poisons the result like an invalid digit.
    int v = ((LOWER_VALUES[b0 & 0x7f] | (b0 >> 31)) << 4) | LOWER_VALUES[b1 & 0x7f] | (b1 >> 31);
    return v < 0 ? -1 : v;
  }

  /** True when every character in {@code [from, to)} is {@code 0-9} or {@code a-f}. */
  public static boolean isLowerHex(CharSequence s, int from, int to) {
    int bad = 0;
    for (int i = from; i < to; i++) bad |= digit(LOWER_VALUES, s.charAt(i));
    return bad >= 0;
  }

  /** True when every character in {@code [from, to)} is a hex digit of either case. */
  public static boolean isHex(CharSequence s, int from, int to) {
    int bad = 0;
    for (int i = from; i < to; i++) bad |= digit(ANY_CASE_VALUES, s.charAt(i));
    return bad >= 0;
  }

  /**
   * Parses {@code [from, to)} (at most 16 characters) as hex, upper and lower case alike.
   * Unchecked: the caller has validated the characters.
   */
  public static long parseUnchecked(CharSequence s, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      // '0'-'9' are 0x30-0x39 (bit 6 clear), 'A'-'F' and 'a'-'f' end in 1-6 with bit 6 set.
      v = (v << 4) | ((c & 0xf) + 9 * (c >> 6));
    }
    return v;
  }
}
