/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation.internal;

/**
 * Lower-case hex encoding and strict decoding of ids. Internal, not for public use.
 *
 * <p>Decoding is split into a check ({@link #isLowerHex}) and an unchecked parse so that parsers
 * stay allocation- and exception-free on hostile input.
 */
public final class Hex {

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** 32 lower-case hex characters for a 128-bit id. */
  public static String traceId(long high, long low) {
    char[] out = new char[32];
    write(high, out, 0);
    write(low, out, 16);
    return new String(out);
  }

  /** 16 lower-case hex characters. */
  public static String spanId(long id) {
    char[] out = new char[16];
    write(id, out, 0);
    return new String(out);
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

  /** True when every character in {@code [from, to)} is {@code 0-9} or {@code a-f}. */
  public static boolean isLowerHex(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
  }

  /** True when every character in {@code [from, to)} is a hex digit of either case. */
  public static boolean isHex(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses {@code [from, to)} (at most 16 characters) as hex, upper and lower case alike.
   * Unchecked: the caller has validated the characters.
   */
  public static long parseUnchecked(CharSequence s, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      int d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
      v = (v << 4) | d;
    }
    return v;
  }
}
