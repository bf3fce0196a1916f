/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.ringtrace.propagation;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of UTF-8 text (RFC 3986, section 2.1), with the set of characters left as they
 * are chosen by the caller as a 128-bit mask.
 *
 * <p>Encoding writes every other character as the {@code %XX} escapes of its UTF-8 bytes (upper
 * case hex); an unpaired surrogate is written as U+FFFD. Decoding is lenient: a {@code %} not
 * followed by two hex digits stays as it is, and bytes that are not valid UTF-8 become U+FFFD.
 * Neither ever throws.
 */
final class Percent {

  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();
  private static final int REPLACEMENT_UTF8_LENGTH = 3; // U+FFFD

  /** The mask of the ASCII characters of {@code passThrough}. */
  static long[] mask(String passThrough) {
    long[] m = new long[2];
    for (int i = 0; i < passThrough.length(); i++) {
      char c = passThrough.charAt(i);
      m[c >> 6] |= 1L << (c & 63);
    }
    return m;
  }

  /** The mask of the ASCII range {@code [from, to]}, without the characters of {@code except}. */
  static long[] rangeMask(int from, int to, String except) {
    long[] m = new long[2];
    for (int c = from; c <= to; c++) {
      if (except.indexOf(c) < 0) m[c >> 6] |= 1L << (c & 63);
    }
    return m;
  }

  private Percent() {}

  static boolean passes(long[] mask, char c) {
    return c < 128 && (mask[c >> 6] & (1L << (c & 63))) != 0;
  }

  /** The length of {@code s} once encoded. */
  static int encodedLength(String s, long[] mask) {
    int n = 0;
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (passes(mask, c)) {
        n++;
      } else {
        n += 3 * utf8Length(s, i);
        if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        }
      }
    }
    return n;
  }

  /** True when encoding would change {@code s}. */
  static boolean needsEncoding(String s, long[] mask) {
    for (int i = 0, len = s.length(); i < len; i++) {
      if (!passes(mask, s.charAt(i))) return true;
    }
    return false;
  }

  /** Appends {@code s}, encoded, to {@code out}. */
  static void encode(String s, long[] mask, StringBuilder out) {
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (passes(mask, c)) {
        out.append(c);
        continue;
      }
      int cp = c;
      if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        cp = Character.toCodePoint(c, s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        cp = 0xfffd;
      }
      if (cp < 0x80) {
        escape(cp, out);
      } else if (cp < 0x800) {
        escape(0xc0 | (cp >> 6), out);
        escape(0x80 | (cp & 0x3f), out);
      } else if (cp < 0x10000) {
        escape(0xe0 | (cp >> 12), out);
        escape(0x80 | ((cp >> 6) & 0x3f), out);
        escape(0x80 | (cp & 0x3f), out);
      } else {
        escape(0xf0 | (cp >> 18), out);
        escape(0x80 | ((cp >> 12) & 0x3f), out);
        escape(0x80 | ((cp >> 6) & 0x3f), out);
        escape(0x80 | (cp & 0x3f), out);
      }
    }
  }

  private static void escape(int b, StringBuilder out) {
    out.append('%').append(UPPER_HEX[(b >> 4) & 0xf]).append(UPPER_HEX[b & 0xf]);
  }

  /** The number of UTF-8 bytes of the character at {@code i} (a pair counts once). */
  private static int utf8Length(String s, int i) {
    char c = s.charAt(i);
    if (c < 0x80) return 1;
    if (c < 0x800) return 2;
    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
      return 4;
    }
    return Character.isSurrogate(c) ? REPLACEMENT_UTF8_LENGTH : 3;
  }

  /**
   * Decodes {@code [from, to)} of {@code s}. With {@code plusIsSpace}, {@code +} decodes to a
   * space (HTML form encoding, as {@code java.net.URLDecoder} does).
   */
  static String decode(CharSequence s, int from, int to, boolean plusIsSpace) {
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c == '%' || (plusIsSpace && c == '+')) break;
      i++;
    }
    if (i == to) return Chars.slice(s, from, to); // nothing to decode: no copy of the bytes
    // An ASCII character yields one byte, any other at most three (a surrogate pair four).
    int capacity = 0;
    for (int j = from; j < to; j++) capacity += s.charAt(j) < 0x80 ? 1 : 3;
    byte[] bytes = new byte[capacity];
    int n = 0;
    for (int j = from; j < to; j++) {
      char c = s.charAt(j);
      if (c == '%' && j + 2 < to && isHex(s.charAt(j + 1)) && isHex(s.charAt(j + 2))) {
        bytes[n++] = (byte) ((hexValue(s.charAt(j + 1)) << 4) | hexValue(s.charAt(j + 2)));
        j += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes[n++] = ' ';
      } else if (c < 0x80) {
        bytes[n++] = (byte) c;
      } else {
        int cp = c;
        if (Character.isHighSurrogate(c) && j + 1 < to && Character.isLowSurrogate(s.charAt(j + 1))) {
          cp = Character.toCodePoint(c, s.charAt(++j));
        } else if (Character.isSurrogate(c)) {
          cp = 0xfffd;
        }
        n = putUtf8(cp, bytes, n);
      }
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  private static int putUtf8(int cp, byte[] out, int n) {
    if (cp < 0x800) {
      out[n++] = (byte) (0xc0 | (cp >> 6));
    } else if (cp < 0x10000) {
      out[n++] = (byte) (0xe0 | (cp >> 12));
      out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
    } else {
      out[n++] = (byte) (0xf0 | (cp >> 18));
      out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
      out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
    }
    out[n++] = (byte) (0x80 | (cp & 0x3f));
    return n;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static int hexValue(char c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  }
}
